/** The extension's commands; the work is done by the server's `workspace/executeCommand` commands. */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { ExecuteCommandRequest, LanguageClient } from 'vscode-languageclient/node';
import { ServerStatus, StatusItem } from './status';

/** What the commands need from the running extension. */
export interface Host {
    client(): LanguageClient | undefined;
    restart(): Promise<void>;
    readonly status: StatusItem;
    readonly output: vscode.LogOutputChannel;
}

/** `workspace/executeCommand` on the running server. */
export async function serverCommand<T>(host: Host, command: string, ...args: unknown[]): Promise<T> {
    const client = host.client();
    if (!client || !client.isRunning()) {
        throw new Error('the Clairvoyant server is not running (see the Clairvoyant output)');
    }
    return await client.sendRequest(ExecuteCommandRequest.type, { command, arguments: args }) as T;
}

/** Ask the server for its status and show it in the status bar. */
export async function refreshStatus(host: Host): Promise<ServerStatus | undefined> {
    try {
        const status = await serverCommand<ServerStatus>(host, 'clairvoyant.status');
        host.status.update(status);
        return status;
    } catch (error) {
        host.status.set('error', `status request failed: ${error}`);
        return undefined;
    }
}

function failed(result: unknown): string | undefined {
    if (result && typeof result === 'object' && 'error' in result) {
        return String((result as { error: unknown }).error);
    }
    return undefined;
}

/** Pick NAME among `.clairvoyant/transforms/NAME.examples.jsonl` and ask the server to synthesize it. */
async function teachTransform(host: Host, name?: string): Promise<unknown> {
    if (!name) {
        const files = await vscode.workspace.findFiles('.clairvoyant/transforms/*.examples.jsonl');
        const names = files.map((f) => path.basename(f.fsPath, '.examples.jsonl')).sort();
        if (names.length === 0) {
            const help = 'No examples found. Write before/after pairs, one JSON object a line ({"before": "...", '
                + '"after": "..."}), to .clairvoyant/transforms/NAME.examples.jsonl in this folder, then run this again.';
            void vscode.window.showWarningMessage(help);
            return undefined;
        }
        name = names.length === 1 ? names[0] : await vscode.window.showQuickPick(names, {
            title: 'Synthesize a transform from examples', placeHolder: 'which examples file',
        });
        if (!name) {
            return undefined;
        }
    }
    const result = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: `Synthesizing transform '${name}'…` },
        () => serverCommand<Record<string, unknown>>(host, 'clairvoyant.synthesizeTransform', name),
    );
    const error = failed(result);
    if (error === undefined && typeof result?.path === 'string') {
        const file = vscode.Uri.file(result.path);
        void vscode.window.showInformationMessage(`Transform '${name}' is now offered as a quick fix.`, 'Open its code')
            .then((open) => (open ? vscode.window.showTextDocument(file) : undefined));
    }
    return result;
}

/** What "Clairvoyant: Learn from this edit" takes: the edited document (default: the active editor's), the
 * transform to create or refine (default: a name the server makes from the edit) and, for scripts, `apply: true`
 * to apply the same edit in the other places without asking. */
interface LearnOptions {
    uri?: string;
    name?: string;
    apply?: boolean;
}

/** The server's answer to `clairvoyant.learnFromEdit`. */
interface Learned {
    name: string;
    examples: number;
    places: number;
    edit?: unknown;
    applied?: boolean;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/**
 * `clairvoyant.learnFromEdit`: the server learns a transform from the document's last edit and returns the same
 * edit in the other places as a workspace edit, which is offered and applied here. vscode-languageclient registers
 * the command (it is the server's); the client middleware routes it here with `send` (also from the code action).
 */
export async function learnFromEdit(host: Host, args: unknown[],
    send: (args: unknown[]) => Promise<unknown>): Promise<unknown> {
    const given = (args[0] && typeof args[0] === 'object' ? args[0] : {}) as LearnOptions;
    const document = vscode.window.activeTextEditor?.document;
    const uri = given.uri ?? (document?.languageId === 'python' ? document.uri.toString() : undefined);
    if (!uri) {
        void vscode.window.showWarningMessage('Edit a statement in a Python file, then run "Learn from this edit".');
        return undefined;
    }
    const result = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: 'Learning a transform from your edit…' },
        () => send([{ uri, name: given.name, apply: false }]),
    ) as Learned | undefined;
    if (!result || failed(result) !== undefined) {
        return result; // the server has shown why
    }
    const learned = `Transform '${result.name}' learned from ${plural(result.examples, 'example')}.`;
    if (!result.places || !result.edit) {
        void vscode.window.showInformationMessage(`${learned} No other place has the same edit.`);
        return result;
    }
    const apply = `Apply the same edit in ${plural(result.places, 'other place')}`;
    const choice = given.apply ? apply : await vscode.window.showInformationMessage(learned, apply);
    const client = host.client();
    if (choice === apply && client) {
        const edit = await client.protocol2CodeConverter.asWorkspaceEdit(result.edit as never);
        result.applied = edit !== undefined && await vscode.workspace.applyEdit(edit);
    }
    return result;
}

/** Replace the active `.ll` document with its optimized form (the server sends the edit). */
async function optimizeFile(host: Host): Promise<unknown> {
    const editor = vscode.window.activeTextEditor;
    if (!editor || editor.document.languageId !== 'llvm') {
        void vscode.window.showWarningMessage('Open an LLVM IR (.ll) file first.');
        return undefined;
    }
    const uri = editor.document.uri.toString();
    const result = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: 'Optimizing with the suggested pipeline…' },
        () => serverCommand<Record<string, unknown>>(host, 'clairvoyant.optimizeDocument', uri),
    );
    if (failed(result) === undefined && result) {
        void vscode.window.showInformationMessage(
            `Applied ${result.pipeline}: ${result.instructions} instructions (-Oz: ${result.oz}).`);
    }
    return result;
}

async function toggleVerified(host: Host): Promise<unknown> {
    const result = await serverCommand<{ verifiedMode: boolean }>(host, 'clairvoyant.toggleVerifiedMode');
    host.status.verifiedMode = result.verifiedMode;
    await refreshStatus(host);
    return result;
}

async function showStatus(host: Host): Promise<unknown> {
    const status = await refreshStatus(host);
    const models = status ? Object.entries(status.models).map(([n, s]) => `${n}: ${s}`).join('; ') : 'unknown';
    const text = status
        ? `Clairvoyant ${status.version} · ${status.trusted ? 'trusted' : 'untrusted'} workspace · models: ${models}`
        : 'Clairvoyant: the server is not running.';
    const choice = await vscode.window.showInformationMessage(text, 'Show Output', 'Restart Server');
    if (choice === 'Show Output') {
        host.output.show(true);
    } else if (choice === 'Restart Server') {
        await host.restart();
    }
    return status;
}

/** Register every command; errors are shown to the user and written to the output channel. */
export function registerCommands(host: Host): vscode.Disposable[] {
    const table: Record<string, (...args: any[]) => Promise<unknown>> = {
        'clairvoyant.restart': () => host.restart(),
        'clairvoyant.teachTransform': (name?: string) => teachTransform(host, name),
        'clairvoyant.optimizeFile': () => optimizeFile(host),
        'clairvoyant.toggleVerified': () => toggleVerified(host),
        'clairvoyant.showStatus': () => showStatus(host),
        'clairvoyant.showOutput': async () => host.output.show(true),
    };
    return Object.entries(table).map(([id, fn]) => vscode.commands.registerCommand(id, async (...args: any[]) => {
        try {
            return await fn(...args);
        } catch (error) {
            host.output.error(`${id} failed: ${error}`);
            void vscode.window.showErrorMessage(`Clairvoyant: ${error instanceof Error ? error.message : error}`);
            return undefined;
        }
    }));
}
