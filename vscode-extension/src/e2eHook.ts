/**
 * Test-only hook, active only when the environment has CLAIRVOYANT_E2E_SPEC (a JSON file) and CLAIRVOYANT_E2E_OUT:
 * runs VS Code's own provider commands (hover, code actions, inlay hints, code lenses, diagnostics) on the files the
 * spec names, through the real language client, and writes what VS Code received as JSON. tests/editors uses it.
 */
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { Host, refreshStatus } from './commands';

interface FileSpec {
    path: string;
    /** [line, character] positions to hover; polled until some hover matches hoverPattern. */
    hover?: [number, number][];
    hoverPattern?: string;
    /** [startLine, startChar, endLine, endChar] ranges to list code actions for. */
    codeActions?: [number, number, number, number][];
    /** Title (regex) of a code action to apply (edit resolved by VS Code); the document text is recorded. */
    apply?: string;
    inlayHints?: boolean;
    inlayPattern?: string;
    codeLenses?: boolean;
    lensPattern?: string;
}

/** A command of the extension, run after the file checks (optionally in an editor showing `open`, after an edit of
 * it: [line, startChar, endChar, newText] typed over that part of the line). */
interface CommandSpec {
    command: string;
    args?: unknown[];
    open?: string;
    edit?: [number, number, number, string];
}

interface Spec {
    files: FileSpec[];
    commands?: CommandSpec[];
    /** Start only once this file exists (the UI test writes it when done, so the two never interleave). */
    waitFor?: string;
    /** Time limit for the polls of each file. */
    timeoutS?: number;
}

function text(value: unknown): string {
    if (typeof value === 'string') {
        return value;
    }
    if (value instanceof vscode.MarkdownString) {
        return value.value;
    }
    if (Array.isArray(value)) {
        return value.map(text).join('');
    }
    if (value && typeof value === 'object' && 'value' in value) {
        return String((value as { value: unknown }).value);
    }
    return String(value);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Call `get` until `done(result)` holds or the deadline passes; the last result either way. */
async function poll<T>(get: () => Thenable<T>, done: (value: T) => boolean, deadline: number): Promise<T> {
    let value = await get();
    while (!done(value) && Date.now() < deadline) {
        await sleep(500);
        value = await get();
    }
    return value;
}

const matches = (pattern: string | undefined, items: string[]) =>
    !pattern || items.some((item) => new RegExp(pattern).test(item));

async function runFile(spec: FileSpec, deadline: number): Promise<Record<string, unknown>> {
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(spec.path));
    const uri = doc.uri;
    const out: Record<string, unknown> = { languageId: doc.languageId };
    const wholeFile = new vscode.Range(0, 0, doc.lineCount, 0);
    if (spec.hover) {
        const hovers = async () => {
            const found: string[] = [];
            for (const [line, character] of spec.hover ?? []) {
                const result = await vscode.commands.executeCommand<vscode.Hover[]>(
                    'vscode.executeHoverProvider', uri, new vscode.Position(line, character));
                found.push(...(result ?? []).flatMap((h) => h.contents.map(text)));
            }
            return found;
        };
        out.hover = await poll(hovers, (found) => matches(spec.hoverPattern ?? '.', found), deadline);
    }
    if (spec.codeActions) {
        const actions: vscode.CodeAction[] = [];
        for (const [sl, sc, el, ec] of spec.codeActions) {
            const range = new vscode.Range(sl, sc, el, ec);
            const listed = await poll(
                () => vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, range,
                    undefined, 100),
                (found) => (found ?? []).length > 0, deadline);
            actions.push(...(listed ?? []));
        }
        out.codeActions = actions.map((a) => ({ title: a.title, kind: a.kind?.value ?? '' }));
        if (spec.apply) {
            const action = actions.find((a) => new RegExp(spec.apply as string).test(a.title));
            out.applied = action?.title ?? null;
            if (action?.edit) {
                out.appliedOk = await vscode.workspace.applyEdit(action.edit);
                out.textAfter = doc.getText();
            }
        }
    }
    if (spec.inlayHints) {
        const labels = await poll(async () => {
            const hints = await vscode.commands.executeCommand<vscode.InlayHint[]>(
                'vscode.executeInlayHintProvider', uri, wholeFile);
            return (hints ?? []).map((h) => `${h.position.line}:${text(h.label)}`);
        }, (found) => found.length > 0 && matches(spec.inlayPattern, found), deadline);
        out.inlayHints = labels;
    }
    if (spec.codeLenses) {
        out.codeLenses = await poll(async () => {
            const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>(
                'vscode.executeCodeLensProvider', uri, 100);
            return (lenses ?? []).map((l) => l.command?.title ?? '');
        }, (found) => found.length > 0 && matches(spec.lensPattern, found), deadline);
    }
    out.diagnostics = vscode.languages.getDiagnostics(uri).map((d) => d.message);
    return out;
}

async function runCommand(spec: CommandSpec): Promise<Record<string, unknown>> {
    const out: Record<string, unknown> = { command: spec.command };
    let editor: vscode.TextEditor | undefined;
    if (spec.open) {
        editor = await vscode.window.showTextDocument(vscode.Uri.file(spec.open));
        out.textBefore = editor.document.getText();
        if (spec.edit) {
            const [line, start, end, newText] = spec.edit;
            out.edited = await editor.edit((b) => b.replace(new vscode.Range(line, start, line, end), newText));
        }
    }
    out.result = await vscode.commands.executeCommand(spec.command, ...(spec.args ?? [])) ?? null;
    if (editor) {
        await sleep(500); // the server's workspace/applyEdit arrives after the command's answer
        out.textAfter = editor.document.getText();
    }
    return out;
}

/** Run the spec once the client is ready; never throws (errors are part of the JSON). */
export async function runE2eHook(host: Host): Promise<void> {
    const specPath = process.env.CLAIRVOYANT_E2E_SPEC;
    const outPath = process.env.CLAIRVOYANT_E2E_OUT;
    if (!specPath || !outPath) {
        return;
    }
    const result: Record<string, unknown> = { files: {}, errors: [] };
    try {
        const spec: Spec = JSON.parse(fs.readFileSync(specPath, 'utf8'));
        while (spec.waitFor && !fs.existsSync(spec.waitFor)) {
            await sleep(250);
        }
        for (const file of spec.files) {
            const deadline = Date.now() + (spec.timeoutS ?? 60) * 1000;
            try {
                (result.files as Record<string, unknown>)[file.path] = await runFile(file, deadline);
            } catch (error) {
                (result.errors as string[]).push(`${file.path}: ${error}`);
            }
        }
        result.commands = [];
        for (const command of spec.commands ?? []) {
            try {
                (result.commands as unknown[]).push(await runCommand(command));
            } catch (error) {
                (result.errors as string[]).push(`${command.command}: ${error}`);
            }
        }
        // After a restart the status bar must come back to ready.
        const deadline = Date.now() + (spec.timeoutS ?? 60) * 1000;
        while (!['ready', 'error'].includes(host.status.state) && Date.now() < deadline) {
            await sleep(250);
        }
        result.serverStatus = await refreshStatus(host);
        result.statusBar = host.status.state;
    } catch (error) {
        (result.errors as string[]).push(String(error));
    }
    fs.writeFileSync(outPath + '.tmp', JSON.stringify(result, null, 1));
    fs.renameSync(outPath + '.tmp', outPath);
}
