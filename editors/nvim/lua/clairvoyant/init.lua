-- Clairvoyant for Neovim 0.7+: starts `clairvoyant serve` for Python and LLVM IR buffers.
--
--   vim.opt.runtimepath:append("/path/to/clairvoyant/editors/nvim")
--   require("clairvoyant").setup({ settings = { prediction = { candidates = 3 } } })
--
-- 0.8+ uses vim.lsp.start (one client per root), 0.7 vim.lsp.start_client + vim.lsp.buf_attach_client.
-- `.ll` files get filetype `llvm` (Neovim 0.7 calls them `lifelines`). Inlay hints are enabled on 0.10+.
local M = {}

local defaults = {
  -- Server command; nil: `clairvoyant serve` when `clairvoyant` is executable, else `<python> -m clairvoyant serve`.
  cmd = nil,
  python = "python3",
  filetypes = { "python", "llvm" },
  root_markers = { ".clairvoyant", "pyproject.toml", "setup.py", ".git" },
  -- The `clairvoyant` settings (see docs/editors.md); sent as initializationOptions and on workspace/configuration.
  settings = {},
  -- Whether the server may run workspace code (verified mode, teaching transforms).
  trusted = true,
  keymaps = true, -- buffer-local keymaps, see M.keymaps
  inlay_hints = true, -- Neovim 0.10+
  codelens = true, -- refresh code lenses on BufEnter / InsertLeave / BufWritePost and when the server is done
  on_attach = nil, -- function(client, bufnr) called after the plugin's own
  capabilities = nil,
}

-- Recommended keymaps: {mode, lhs, rhs, description}; rhs strings are commands.
M.keymaps = {
  { "n", "K", function() vim.lsp.buf.hover() end, "Clairvoyant: hover (predicted value)" },
  { { "n", "v" }, "<leader>ca", function() vim.lsp.buf.code_action() end, "Clairvoyant: code actions / quick fixes" },
  { "n", "<leader>cl", function() vim.lsp.codelens.run() end, "Clairvoyant: run the code lens on this line" },
  { "n", "<leader>co", "<cmd>ClairvoyantOptimize<cr>", "Clairvoyant: optimize this .ll file" },
  { "n", "<leader>cv", "<cmd>ClairvoyantToggleVerified<cr>", "Clairvoyant: toggle verified mode" },
  { "n", "<leader>ce", "<cmd>ClairvoyantLearnEdit<cr>", "Clairvoyant: learn from this edit" },
  { "n", "<leader>ch", "<cmd>ClairvoyantToggleInlayHints<cr>", "Clairvoyant: toggle inlay hints (0.10+)" },
}

M.config = vim.deepcopy(defaults)
local clients_by_root = {} -- 0.7 only: root_dir -> client id

local function has(version)
  return vim.fn.has("nvim-" .. version) == 1
end

local function notify(msg, level)
  vim.notify("Clairvoyant: " .. msg, level or vim.log.levels.INFO)
end

--- The server command from the configuration.
function M.cmd()
  if M.config.cmd then
    return M.config.cmd
  end
  if vim.fn.executable("clairvoyant") == 1 then
    return { "clairvoyant", "serve" }
  end
  return { M.config.python, "-m", "clairvoyant", "serve" }
end

--- The project root of a buffer: the nearest directory with a root marker, else the file's directory.
function M.root_dir(bufnr)
  local name = vim.api.nvim_buf_get_name(bufnr)
  local dir = name ~= "" and vim.fn.fnamemodify(name, ":p:h") or vim.fn.getcwd()
  local found
  if vim.fs and vim.fs.find then
    found = vim.fs.find(M.config.root_markers, { path = dir, upward = true })[1]
  else
    for _, marker in ipairs(M.config.root_markers) do
      local hit = vim.fn.finddir(marker, dir .. ";")
      if hit == "" then
        hit = vim.fn.findfile(marker, dir .. ";")
      end
      if hit ~= "" and (not found or #hit > #found) then
        found = vim.fn.fnamemodify(hit, ":p")
      end
    end
  end
  if found then
    return vim.fn.fnamemodify(found:gsub("/$", ""), ":h")
  end
  return dir
end

--- Every running Clairvoyant client (0.7's get_active_clients takes no filter).
function M.clients()
  local all = vim.lsp.get_clients and vim.lsp.get_clients() or vim.lsp.get_active_clients()
  return vim.tbl_filter(function(client) return client.name == "clairvoyant" end, all)
end

--- The Clairvoyant client attached to a buffer (or any Clairvoyant client when bufnr is nil).
function M.client(bufnr)
  for _, client in ipairs(M.clients()) do
    if bufnr == nil or vim.lsp.buf_is_attached(bufnr, client.id) then
      return client
    end
  end
  return nil
end

-- client:method() on 0.11+ (the dot form is deprecated there), client.method() before.
local function call(client, method, ...)
  if has("0.11") then
    return client[method](client, ...)
  end
  return client[method](...)
end

local function refresh_codelens(bufnr)
  if not (M.config.codelens and vim.api.nvim_buf_is_valid(bufnr)) then
    return
  end
  if has("0.10") then
    vim.lsp.codelens.refresh({ bufnr = bufnr })
  elseif bufnr == vim.api.nvim_get_current_buf() then
    vim.lsp.codelens.refresh()
  end
end

local function refresh_all_codelenses()
  for _, bufnr in ipairs(vim.api.nvim_list_bufs()) do
    if vim.api.nvim_buf_is_loaded(bufnr) and vim.bo[bufnr].filetype == "llvm" and M.client(bufnr) then
      refresh_codelens(bufnr)
    end
  end
end

--- Enable or disable inlay hints in a buffer (Neovim 0.10+; a no-op before).
function M.set_inlay_hints(bufnr, enabled)
  local ih = vim.lsp.inlay_hint
  if not ih then
    return false
  end
  if not pcall(ih.enable, enabled, { bufnr = bufnr }) then
    pcall(ih.enable, bufnr, enabled) -- the 0.10 pre-release signature
  end
  return true
end

local function on_attach(client, bufnr)
  if M.config.keymaps then
    for _, map in ipairs(M.keymaps) do
      vim.keymap.set(map[1], map[2], map[3], { buffer = bufnr, desc = map[4], silent = true })
    end
  end
  if M.config.codelens and vim.bo[bufnr].filetype == "llvm" then
    local group = vim.api.nvim_create_augroup("clairvoyant_codelens_" .. bufnr, { clear = true })
    vim.api.nvim_create_autocmd({ "BufEnter", "InsertLeave", "BufWritePost" }, {
      group = group,
      buffer = bufnr,
      callback = function() refresh_codelens(bufnr) end,
    })
    refresh_codelens(bufnr)
  end
  if M.config.inlay_hints and vim.bo[bufnr].filetype == "python" then
    M.set_inlay_hints(bufnr, true)
  end
  if M.config.on_attach then
    M.config.on_attach(client, bufnr)
  end
end

-- $/progress: keep Neovim's handler; when a background optimization ends, refresh code lenses (Neovim 0.7 does not
-- support workspace/codeLens/refresh, so this is how it learns that the suggested pipeline is ready).
local function progress_handler(err, result, ctx, config)
  local default = vim.lsp.handlers["$/progress"]
  if default then
    default(err, result, ctx, config)
  end
  local token = result and tostring(result.token) or ""
  if result and result.value and result.value.kind == "end" and token:find("^clairvoyant%-optimize") then
    vim.schedule(refresh_all_codelenses)
  end
end

--- The client configuration for a buffer.
function M.client_config(bufnr)
  local root = M.root_dir(bufnr)
  local init_options = vim.deepcopy(M.config.settings)
  init_options.trusted = M.config.trusted
  return {
    name = "clairvoyant",
    cmd = M.cmd(),
    root_dir = root,
    workspace_folders = { { uri = vim.uri_from_fname(root), name = root } },
    init_options = init_options,
    settings = { clairvoyant = M.config.settings },
    capabilities = M.config.capabilities or vim.lsp.protocol.make_client_capabilities(),
    handlers = { ["$/progress"] = progress_handler },
    on_attach = on_attach,
  }
end

--- Start (or reuse) the client for the buffer's root and attach it; returns the client id.
function M.attach(bufnr)
  bufnr = (bufnr == nil or bufnr == 0) and vim.api.nvim_get_current_buf() or bufnr
  local config = M.client_config(bufnr)
  if vim.lsp.start then
    return vim.lsp.start(config, { bufnr = bufnr })
  end
  local id = clients_by_root[config.root_dir]
  if not id or not vim.lsp.get_client_by_id(id) or vim.lsp.get_client_by_id(id).is_stopped() then
    id = vim.lsp.start_client(config)
    if not id then
      notify("could not start " .. table.concat(config.cmd, " "), vim.log.levels.ERROR)
      return nil
    end
    clients_by_root[config.root_dir] = id
  end
  vim.lsp.buf_attach_client(bufnr, id)
  return id
end

--- workspace/executeCommand on the buffer's client; `callback(result)` gets the result (nil on error).
function M.execute(command, arguments, callback, bufnr)
  local client = M.client(bufnr or vim.api.nvim_get_current_buf()) or M.client()
  if not client then
    notify("the server is not running in this buffer", vim.log.levels.ERROR)
    return
  end
  local params = { command = command, arguments = arguments }
  call(client, "request", "workspace/executeCommand", params, function(err, result)
    if err then
      notify(command .. " failed: " .. (err.message or vim.inspect(err)), vim.log.levels.ERROR)
    elseif type(result) == "table" and result.error then
      notify(result.error, vim.log.levels.ERROR)
    elseif callback then
      callback(result)
    end
  end, bufnr)
end

local function uri_of_current()
  return vim.uri_from_bufnr(vim.api.nvim_get_current_buf())
end

--- Learn a transform from the last edit of the current buffer (edit one place, then call this) and apply the same
--- edit in the other places of the workspace. opts: name (kebab-case; default: one made from the edit, so the next
--- edit of the same kind refines it), apply (true: apply at once, false: only return the edit, nil: the server
--- asks), callback(result).
function M.learn_from_edit(opts)
  opts = opts or {}
  local bufnr = vim.api.nvim_get_current_buf()
  local args = { uri = vim.uri_from_bufnr(bufnr), name = opts.name, apply = opts.apply }
  M.execute("clairvoyant.learnFromEdit", { args }, function(result)
    notify(string.format("transform '%s' learned from %d example(s); %d other place(s) have the same edit",
      result.name, result.examples, result.places))
    if opts.callback then
      opts.callback(result)
    end
  end, bufnr)
end

local commands = {
  ClairvoyantStatus = function()
    M.execute("clairvoyant.status", {}, function(status)
      local models = {}
      for name, state in pairs(status.models or {}) do
        table.insert(models, name .. ": " .. state)
      end
      table.sort(models)
      notify(string.format("%s, %s workspace, models: %s", status.version, status.trusted and "trusted" or "untrusted",
        table.concat(models, ", ")))
    end)
  end,
  ClairvoyantOptimize = function()
    if vim.bo.filetype ~= "llvm" then
      notify("open an LLVM IR (.ll) file first", vim.log.levels.WARN)
      return
    end
    M.execute("clairvoyant.optimizeDocument", { uri_of_current() }, function(result)
      notify(string.format("applied %s: %s instructions (-Oz %s)", result.pipeline, result.instructions, result.oz))
    end)
  end,
  ClairvoyantCopyOptCommand = function()
    M.execute("clairvoyant.copyOptCommand", { uri_of_current() }, function(command)
      vim.fn.setreg("+", command)
      vim.fn.setreg('"', command)
      notify("copied: " .. command)
    end)
  end,
  ClairvoyantToggleVerified = function()
    M.execute("clairvoyant.toggleVerifiedMode", {}, function(result)
      notify("verified mode " .. (result.verifiedMode and "on" or "off"))
    end)
  end,
  ClairvoyantToggleInlayHints = function()
    local bufnr = vim.api.nvim_get_current_buf()
    local ih = vim.lsp.inlay_hint
    if not ih then
      notify("inlay hints need Neovim 0.10 or newer", vim.log.levels.WARN)
      return
    end
    local ok, on = pcall(ih.is_enabled, { bufnr = bufnr })
    if not ok then
      on = ih.is_enabled(bufnr)
    end
    M.set_inlay_hints(bufnr, not on)
  end,
  ClairvoyantRestart = function()
    local buffers = {}
    for _, client in ipairs(M.clients()) do
      for _, bufnr in ipairs(vim.api.nvim_list_bufs()) do
        if vim.lsp.buf_is_attached(bufnr, client.id) then
          table.insert(buffers, bufnr)
        end
      end
      call(client, "stop")
    end
    clients_by_root = {}
    vim.defer_fn(function()
      for _, bufnr in ipairs(buffers) do
        if vim.api.nvim_buf_is_valid(bufnr) then
          M.attach(bufnr)
        end
      end
    end, 500)
  end,
}

--- Force filetype `llvm` for *.ll (0.7 maps them to `lifelines`; 0.11 only when the first line looks like IR).
local function register_llvm_filetype(group)
  if vim.filetype and vim.filetype.add and has("0.8") then
    vim.filetype.add({ extension = { ll = "llvm" } })
  end
  vim.api.nvim_create_autocmd({ "BufRead", "BufNewFile" }, {
    group = group,
    pattern = "*.ll",
    callback = function(args)
      if vim.bo[args.buf].filetype ~= "llvm" then
        vim.bo[args.buf].filetype = "llvm"
      end
    end,
  })
end

--- Configure the plugin and attach to Python / LLVM IR buffers (also those already open).
function M.setup(opts)
  M.config = vim.tbl_deep_extend("force", vim.deepcopy(defaults), opts or {})
  local group = vim.api.nvim_create_augroup("clairvoyant", { clear = true })
  register_llvm_filetype(group)
  vim.api.nvim_create_autocmd("FileType", {
    group = group,
    pattern = M.config.filetypes,
    callback = function(args) M.attach(args.buf) end,
  })
  for name, fn in pairs(commands) do
    vim.api.nvim_create_user_command(name, fn, { force = true })
  end
  vim.api.nvim_create_user_command("ClairvoyantLearnEdit", function(args)
    M.learn_from_edit({ name = args.args ~= "" and args.args or nil })
  end, { force = true, nargs = "?", desc = "Clairvoyant: learn from this edit [transform name]" })
  for _, bufnr in ipairs(vim.api.nvim_list_bufs()) do
    if vim.api.nvim_buf_is_loaded(bufnr) then
      if vim.api.nvim_buf_get_name(bufnr):match("%.ll$") and vim.bo[bufnr].filetype ~= "llvm" then
        vim.bo[bufnr].filetype = "llvm" -- fires FileType, which attaches
      elseif vim.tbl_contains(M.config.filetypes, vim.bo[bufnr].filetype) then
        M.attach(bufnr)
      end
    end
  end
end

return M
