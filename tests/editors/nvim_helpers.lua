-- Helpers the Neovim end-to-end tests call through pynvim (exec_lua). Every wait is bounded: an unbounded wait in
-- an embedded nvim would hang the test. Works on Neovim 0.7 and 0.11.
local H = {}

local function clairvoyant()
  return require("clairvoyant")
end

--- Open a file, wait until the Clairvoyant client is attached and initialized; {filetype, client_id}.
function H.open(path, timeout_ms)
  vim.cmd("edit " .. vim.fn.fnameescape(path))
  local bufnr = vim.api.nvim_get_current_buf()
  local ok = vim.wait(timeout_ms, function()
    local client = clairvoyant().client(bufnr)
    return client ~= nil and client.initialized == true
  end, 50)
  local client = clairvoyant().client(bufnr)
  return { bufnr = bufnr, filetype = vim.bo[bufnr].filetype, client_id = client and client.id or vim.NIL, ok = ok }
end

--- Send a request for the current buffer and wait for its result (nil on timeout); errors are returned as such.
function H.request(method, params, timeout_ms)
  local bufnr = vim.api.nvim_get_current_buf()
  params.textDocument = { uri = vim.uri_from_bufnr(bufnr) }
  local responses = vim.lsp.buf_request_sync(bufnr, method, params, timeout_ms)
  for _, response in pairs(responses or {}) do
    local err = response.err or response.error -- 0.7 calls it `error`
    if err then
      return { error = err.message or vim.inspect(err) }
    end
    return { result = response.result == nil and vim.NIL or response.result }
  end
  return { error = "timed out" }
end

local function hover_text(result)
  if type(result) ~= "table" then
    return ""
  end
  local contents = result.contents
  if type(contents) == "string" then
    return contents
  end
  if contents.value then
    return contents.value
  end
  local parts = {}
  for _, item in ipairs(contents) do
    table.insert(parts, type(item) == "string" and item or item.value)
  end
  return table.concat(parts, "\n")
end

--- Hover at (line, col) until the text matches `pattern` (a Lua pattern) or the time is up; the last text.
function H.hover(line, col, pattern, timeout_ms)
  local deadline = vim.loop.now() + timeout_ms
  local text = ""
  repeat
    local response = H.request("textDocument/hover", { position = { line = line, character = col } }, timeout_ms)
    text = response.error and ("error: " .. response.error) or hover_text(response.result)
    if text:find(pattern) or (response.error and not response.error:find("changed")) then
      return text
    end
    vim.wait(300)
  until vim.loop.now() > deadline
  return text
end

--- The lines of the hover float that vim.lsp.buf.hover() opens (what a user sees after `K`).
function H.hover_float(line, col, timeout_ms)
  vim.api.nvim_win_set_cursor(0, { line + 1, col })
  vim.lsp.buf.hover()
  local float
  vim.wait(timeout_ms, function()
    for _, win in ipairs(vim.api.nvim_list_wins()) do
      if vim.api.nvim_win_get_config(win).relative ~= "" then
        float = win
        return true
      end
    end
    return false
  end, 50)
  if not float then
    return {}
  end
  local lines = vim.api.nvim_buf_get_lines(vim.api.nvim_win_get_buf(float), 0, -1, false)
  vim.api.nvim_win_close(float, true)
  return lines
end

--- Titles of the code actions for lines first..last (0-based).
function H.code_action_titles(first, last, timeout_ms)
  local line = vim.api.nvim_buf_get_lines(0, last, last + 1, false)[1] or ""
  local response = H.request("textDocument/codeAction", {
    range = { start = { line = first, character = 0 }, ["end"] = { line = last, character = #line } },
    context = { diagnostics = {} },
  }, timeout_ms)
  local titles = {}
  for _, action in ipairs(type(response.result) == "table" and response.result or {}) do
    table.insert(titles, action.title)
  end
  return { titles = titles, error = response.error }
end

--- Apply the code action whose title matches `pattern` the way a user does: cursor on the line,
--- vim.lsp.buf.code_action(), pick it in vim.ui.select (stubbed to choose by title). Waits for the buffer to change.
function H.apply_code_action(line, pattern, timeout_ms)
  local bufnr = vim.api.nvim_get_current_buf()
  local before = vim.api.nvim_buf_get_lines(bufnr, 0, -1, false)
  vim.api.nvim_win_set_cursor(0, { line + 1, 0 })
  local offered, chosen = {}, nil
  local select = vim.ui.select
  vim.ui.select = function(items, opts, on_choice)
    for _, item in ipairs(items) do
      local title = opts.format_item and opts.format_item(item) or tostring(item)
      table.insert(offered, title)
      if not chosen and title:find(pattern) then
        chosen = title
        on_choice(item)
        return
      end
    end
    on_choice(nil)
  end
  local ok, err = pcall(vim.lsp.buf.code_action)
  vim.wait(timeout_ms, function()
    return chosen ~= nil and not vim.deep_equal(before, vim.api.nvim_buf_get_lines(bufnr, 0, -1, false))
  end, 50)
  vim.wait(timeout_ms, function() return #offered > 0 end, 50)
  vim.ui.select = select
  return {
    offered = offered,
    chosen = chosen or vim.NIL,
    error = not ok and tostring(err) or vim.NIL,
    lines = vim.api.nvim_buf_get_lines(bufnr, 0, -1, false),
  }
end

--- Code lens titles of the current buffer once one matches `pattern` (or when the time is up).
function H.codelenses(pattern, timeout_ms)
  local bufnr = vim.api.nvim_get_current_buf()
  local titles = {}
  local function collect()
    titles = {}
    for _, lens in ipairs(vim.lsp.codelens.get(bufnr) or {}) do
      if lens.command then
        table.insert(titles, lens.command.title)
      end
    end
    for _, title in ipairs(titles) do
      if title:find(pattern) then
        return true
      end
    end
    return false
  end
  local deadline = vim.loop.now() + timeout_ms
  repeat
    -- The plugin refreshes on BufEnter and when the server reports the optimization done; refresh as a user would.
    if vim.fn.has("nvim-0.10") == 1 then
      vim.lsp.codelens.refresh({ bufnr = bufnr })
    else
      vim.lsp.codelens.refresh()
    end
    if vim.wait(1000, collect, 100) then
      return titles
    end
  until vim.loop.now() > deadline
  return titles
end

--- Inlay hint labels "line:label" of the current buffer (Neovim 0.10+), once one matches `pattern`.
function H.inlay_hints(pattern, timeout_ms)
  local bufnr = vim.api.nvim_get_current_buf()
  local labels = {}
  local enabled = vim.lsp.inlay_hint.is_enabled({ bufnr = bufnr })
  vim.wait(timeout_ms, function()
    labels = {}
    for _, item in ipairs(vim.lsp.inlay_hint.get({ bufnr = bufnr })) do
      local label = item.inlay_hint.label
      if type(label) == "table" then
        local parts = {}
        for _, part in ipairs(label) do
          table.insert(parts, part.value)
        end
        label = table.concat(parts)
      end
      table.insert(labels, item.inlay_hint.position.line .. ":" .. label)
    end
    for _, label in ipairs(labels) do
      if label:find(pattern) then
        return true
      end
    end
    return false
  end, 200)
  return { enabled = enabled, labels = labels }
end

--- Run a plugin command (workspace/executeCommand) and wait for its result.
function H.execute(command, arguments, timeout_ms)
  local result
  clairvoyant().execute(command, arguments, function(r) result = r end)
  vim.wait(timeout_ms, function() return result ~= nil end, 50)
  return result
end

--- Run an Ex command and wait until the current buffer changes; {changed, lines}.
function H.command_changes_buffer(command, timeout_ms)
  local bufnr = vim.api.nvim_get_current_buf()
  local before = vim.api.nvim_buf_get_lines(bufnr, 0, -1, false)
  vim.cmd(command)
  local changed = vim.wait(timeout_ms, function()
    return not vim.deep_equal(before, vim.api.nvim_buf_get_lines(bufnr, 0, -1, false))
  end, 50)
  return { changed = changed, lines = vim.api.nvim_buf_get_lines(bufnr, 0, -1, false) }
end

--- Replace line `line` (0-based) with `text` as a user edit, run learn_from_edit (applying the other places) and
--- wait for its result; {result, lines}.
function H.learn_from_edit(line, text, timeout_ms)
  local bufnr = vim.api.nvim_get_current_buf()
  vim.api.nvim_buf_set_lines(bufnr, line, line + 1, false, { text })
  local result
  clairvoyant().learn_from_edit({ apply = true, callback = function(r) result = r end })
  vim.wait(timeout_ms, function() return result ~= nil end, 50)
  return { result = result or vim.NIL, lines = vim.api.nvim_buf_get_lines(bufnr, 0, -1, false) }
end

return H
