;;; emacs_check.el --- drive eglot + editors/emacs/clairvoyant.el in batch mode  -*- lexical-binding: t; -*-
;; Used by tests/editors/test_emacs.py:
;;   emacs --batch -L editors/emacs --eval '(setq cv-command (list ...) cv-out "out.json")' -l emacs_check.el SPEC...
;; SPEC is FILE:LINE:COL:ACTION_LINE (0-based).  For each: opens FILE, connects eglot through clairvoyant.el, asks
;; hover at LINE:COL, lists the code actions of ACTION_LINE, and runs `clairvoyant-execute' "clairvoyant.status";
;; writes everything as JSON to cv-out.
(package-initialize)
(require 'json)
(require 'clairvoyant)
(defvar cv-command)
(defvar cv-out)
(setq clairvoyant-server-command cv-command)
;; clairvoyant.el registered the server when loaded; register it again with the test's command.
(setq eglot-server-programs (cddr eglot-server-programs))
(load "clairvoyant")

(defun cv-request (method params)
  (condition-case err
      (jsonrpc-request (eglot-current-server) method params :timeout 90)
    (error (list :error (format "%S" err)))))

(defun cv-check (spec)
  (let* ((parts (split-string spec ":"))
         (file (nth 0 parts)) (line (string-to-number (nth 1 parts))) (col (string-to-number (nth 2 parts)))
         (action-line (string-to-number (nth 3 parts))))
    (find-file file)
    (unless (eglot-current-server)
      (apply #'eglot (eglot--guess-contact)))
    (let ((deadline (+ (float-time) 60)))
      (while (and (not (eglot-current-server)) (< (float-time) deadline))
        (accept-process-output nil 0.2)))
    (let* ((uri (concat "file://" (expand-file-name file)))
           (actions (cv-request :textDocument/codeAction
                                (list :textDocument (list :uri uri)
                                      :range (list :start (list :line action-line :character 0)
                                                   :end (list :line action-line :character 40))
                                      :context (list :diagnostics []))))
           (hover (cv-request :textDocument/hover
                              (list :textDocument (list :uri uri) :position (list :line line :character col)))))
      (list :file file
            :mode (symbol-name major-mode)
            :server (if (eglot-current-server) (symbol-name (eieio-object-class (eglot-current-server))) "none")
            :hover (or (plist-get (plist-get hover :contents) :value) (format "%S" hover))
            :actions (vconcat (if (plist-get actions :error) (list (plist-get actions :error))
                                (mapcar (lambda (a) (plist-get a :title)) actions)))
            :status (condition-case err (clairvoyant-execute "clairvoyant.status") (error (format "%S" err)))))))

(let ((results (mapcar #'cv-check command-line-args-left)))
  (setq command-line-args-left nil)
  (with-temp-file cv-out
    (insert (json-encode (vconcat results))))
  (kill-emacs 0))
