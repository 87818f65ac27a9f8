/** How the language server is started, and which settings it receives. */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { Executable } from 'vscode-languageclient/node';

/** Settings under `clairvoyant.` that only the extension reads; the server does not know them. */
export const CLIENT_ONLY_KEYS = ['server', 'trace'];

/** `~` and `${workspaceFolder}` expanded, as users write them in settings. */
function expand(value: string): string {
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? '';
    let out = value.replace(/\$\{workspaceFolder\}/g, folder);
    if (out === '~' || out.startsWith('~/')) {
        out = path.join(os.homedir(), out.slice(1));
    }
    return out;
}

/** The first executable called `name` on PATH, or undefined. */
function onPath(name: string): string | undefined {
    for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
        const candidate = path.join(dir, name);
        try {
            fs.accessSync(candidate, fs.constants.X_OK);
            return candidate;
        } catch {
            // not here
        }
    }
    return undefined;
}

/** The server command from `clairvoyant.server.*`: path, else python -m clairvoyant, else PATH, else python3. */
export function serverExecutable(config: vscode.WorkspaceConfiguration): Executable {
    const extra = config.get<string[]>('server.extraArgs', []).map(expand);
    const exe = expand(config.get<string>('server.path', '').trim());
    const python = expand(config.get<string>('server.pythonPath', '').trim());
    if (exe) {
        return { command: exe, args: ['serve', ...extra] };
    }
    if (python) {
        return { command: python, args: ['-m', 'clairvoyant', 'serve', ...extra] };
    }
    const found = onPath('clairvoyant');
    if (found) {
        return { command: found, args: ['serve', ...extra] };
    }
    return { command: 'python3', args: ['-m', 'clairvoyant', 'serve', ...extra] };
}

/** The `clairvoyant` section without the extension's own keys (what the server validates). */
export function serverSettings(section: unknown): Record<string, unknown> {
    if (section === null || typeof section !== 'object') {
        return {};
    }
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(section as Record<string, unknown>)) {
        if (!CLIENT_ONLY_KEYS.includes(key)) {
            out[key] = value;
        }
    }
    return out;
}

/** initializationOptions: the settings plus whether this workspace is trusted to run code. */
export function initializationOptions(): Record<string, unknown> {
    const section = vscode.workspace.getConfiguration().get('clairvoyant');
    return { ...serverSettings(section), trusted: vscode.workspace.isTrusted };
}
