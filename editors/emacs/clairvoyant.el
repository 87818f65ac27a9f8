;;; clairvoyant.el --- Clairvoyant language server through eglot  -*- lexical-binding: t; -*-

;; Version: 0.1.0
;; Package-Requires: ((emacs "28.1") (eglot "1.9"))
;; Keywords: languages, tools

;;; Commentary:

;; Connects Python and LLVM IR buffers to `clairvoyant serve' with eglot (built into Emacs 29+; Emacs 28 with
;; GNU ELPA's or Debian's elpa-eglot 1.9+ works too).
;; Add to your init file:
;;
;;   (add-to-list 'load-path "/path/to/clairvoyant/editors/emacs")
;;   (require 'clairvoyant)
;;   (add-hook 'python-mode-hook #'eglot-ensure)          ; and python-ts-mode-hook
;;   (add-hook 'clairvoyant-llvm-mode-hook #'eglot-ensure)
;;
;; Hover (eldoc: echo area, or M-x eldoc-doc-buffer) shows predicted values of Python calls and instruction counts of
;; LLVM functions; `eglot-code-actions' (C-c c a below) offers the quick fixes and "Apply suggested pipeline";
;; inlay hints show predicted values with eglot 1.14+ (`eglot-inlay-hints-mode').  Eglot has no code lens, so the LLVM
;; summary is in the hover of each function and in `clairvoyant-optimize-buffer'.
;;
;; Settings: `clairvoyant-settings' is sent as initializationOptions; per project, `eglot-workspace-configuration'
;; answers workspace/configuration, for example in .dir-locals.el:
;;   ((nil . ((eglot-workspace-configuration . (:clairvoyant (:prediction (:candidates 5)))))))

;;; Code:

(require 'eglot)
(require 'jsonrpc)
(require 'url-util)

(defgroup clairvoyant nil
  "Predicted values, synthesized quick fixes and LLVM-IR size optimization."
  :group 'tools
  :prefix "clairvoyant-")

(defcustom clairvoyant-server-command '("clairvoyant" "serve")
  "Command that starts the server, e.g. (\"/path/.venv/bin/python\" \"-m\" \"clairvoyant\" \"serve\")."
  :type '(repeat string))

(defcustom clairvoyant-settings '(:prediction (:candidates 3 :inlayHints t) :llvm (:samples 30))
  "The `clairvoyant' settings as a plist (keys as in docs/editors.md), sent as initializationOptions."
  :type 'plist)

(defcustom clairvoyant-trusted t
  "Whether the server may run workspace code (verified mode, teaching transforms)."
  :type 'boolean)

(defcustom clairvoyant-python-modes '(python-mode python-ts-mode)
  "Python major modes served by Clairvoyant."
  :type '(repeat symbol))

;;;; LLVM IR

(defvar clairvoyant-llvm-font-lock-keywords
  `((";.*$" . font-lock-comment-face)
    ("\\_<\\(define\\|declare\\|ret\\|br\\|call\\|load\\|store\\|alloca\\|phi\\|icmp\\|fcmp\\|select\\)\\_>"
     . font-lock-keyword-face)
    ("[@%][-a-zA-Z$._0-9]+" . font-lock-variable-name-face)
    ("\\_<[0-9]+\\_>" . font-lock-constant-face))
  "Minimal highlighting for `clairvoyant-llvm-mode'.")

;;;###autoload
(define-derived-mode clairvoyant-llvm-mode prog-mode "LLVM-IR"
  "Major mode for LLVM IR (.ll) files, served by Clairvoyant."
  (setq-local comment-start "; ")
  (setq-local comment-start-skip ";+\\s-*")
  (setq-local font-lock-defaults '(clairvoyant-llvm-font-lock-keywords)))

;;;###autoload
(add-to-list 'auto-mode-alist '("\\.ll\\'" . clairvoyant-llvm-mode))

;;;; The server

(defclass eglot-clairvoyant (eglot-lsp-server) ()
  :documentation "The Clairvoyant language server.")

(cl-defmethod eglot-initialization-options ((_server eglot-clairvoyant))
  "Settings and trust, as the server reads them from initializationOptions."
  (list :trusted (if clairvoyant-trusted t :json-false)
        :clairvoyant clairvoyant-settings))

;; One entry per language: eglot before 1.12 sends one languageId per server, so Python and LLVM IR buffers must not
;; share a server there.  (Each server loads only the models of its language.)
(add-to-list 'eglot-server-programs
             `(,clairvoyant-python-modes . (eglot-clairvoyant ,@clairvoyant-server-command)))
(add-to-list 'eglot-server-programs
             `(((clairvoyant-llvm-mode :language-id "llvm")) . (eglot-clairvoyant ,@clairvoyant-server-command)))

;;;; Commands

(defun clairvoyant--uri ()
  "The URI of the current buffer's file."
  (unless buffer-file-name
    (user-error "Clairvoyant: this buffer has no file"))
  (if (fboundp 'eglot-path-to-uri)
      (eglot-path-to-uri buffer-file-name)
    (concat "file://" (url-hexify-string (expand-file-name buffer-file-name) url-path-allowed-chars))))

(defun clairvoyant-execute (command &rest arguments)
  "Run the server's COMMAND with ARGUMENTS (workspace/executeCommand); return its result."
  (let* ((server (or (eglot-current-server) (user-error "Clairvoyant: no server here (M-x eglot)")))
         (result (jsonrpc-request server :workspace/executeCommand
                                  (list :command command :arguments (vconcat arguments)))))
    (when (and (listp result) (plist-get result :error))
      (user-error "Clairvoyant: %s" (plist-get result :error)))
    result))

(defun clairvoyant-status ()
  "Show the server's version, trust and models."
  (interactive)
  (let ((status (clairvoyant-execute "clairvoyant.status")))
    (message "Clairvoyant %s, %s workspace, models: %S" (plist-get status :version)
             (if (eq (plist-get status :trusted) t) "trusted" "untrusted") (plist-get status :models))))

(defun clairvoyant-optimize-buffer ()
  "Replace this LLVM IR buffer with the output of the suggested pass pipeline."
  (interactive)
  (let ((result (clairvoyant-execute "clairvoyant.optimizeDocument" (clairvoyant--uri))))
    (message "Clairvoyant: applied %s: %s instructions (-Oz %s)" (plist-get result :pipeline)
             (plist-get result :instructions) (plist-get result :oz))))

(defun clairvoyant-copy-opt-command ()
  "Copy the `opt' command line of the suggested pipeline to the kill ring."
  (interactive)
  (let ((command (clairvoyant-execute "clairvoyant.copyOptCommand" (clairvoyant--uri))))
    (kill-new command)
    (message "Copied: %s" command)))

(defun clairvoyant-toggle-verified-mode ()
  "Toggle verified mode: hovered calls are also run in the sandbox (trusted workspaces only)."
  (interactive)
  (let ((result (clairvoyant-execute "clairvoyant.toggleVerifiedMode")))
    (message "Clairvoyant: verified mode %s" (if (eq (plist-get result :verifiedMode) t) "on" "off"))))

(defun clairvoyant-synthesize-transform (name)
  "Teach transform NAME from .clairvoyant/transforms/NAME.examples.jsonl; it becomes a quick fix."
  (interactive "sTransform name (NAME.examples.jsonl): ")
  (let ((result (clairvoyant-execute "clairvoyant.synthesizeTransform" name)))
    (message "Clairvoyant: transform %s written to %s" name (plist-get result :path))))

;;;; Recommended keys (in buffers managed by eglot)

(defvar clairvoyant-command-map
  (let ((map (make-sparse-keymap)))
    (define-key map (kbd "a") #'eglot-code-actions)
    (define-key map (kbd "h") #'eldoc-doc-buffer)
    (define-key map (kbd "o") #'clairvoyant-optimize-buffer)
    (define-key map (kbd "c") #'clairvoyant-copy-opt-command)
    (define-key map (kbd "v") #'clairvoyant-toggle-verified-mode)
    (define-key map (kbd "t") #'clairvoyant-synthesize-transform)
    (define-key map (kbd "s") #'clairvoyant-status)
    map)
  "Clairvoyant commands, on C-c c in eglot-managed buffers.")

(define-key eglot-mode-map (kbd "C-c c") clairvoyant-command-map)

(provide 'clairvoyant)
;;; clairvoyant.el ends here
