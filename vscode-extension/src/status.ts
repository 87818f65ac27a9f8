/** The status bar item: server starting, models loading (from $/progress), ready, or error. */
import * as vscode from 'vscode';
import { WorkDoneProgressBegin, WorkDoneProgressEnd, WorkDoneProgressReport } from 'vscode-languageclient/node';

/** What `clairvoyant.status` returns. */
export interface ServerStatus {
    version: string;
    trusted: boolean;
    models: Record<string, string>;
    modelsDir: string;
    stats: Record<string, number>;
    verifiedMode?: boolean;
}

/** Progress tokens of model loading: `clairvoyant-load-<model>`. */
export const LOAD_PREFIX = 'clairvoyant-load-';

export type State = 'starting' | 'busy' | 'ready' | 'error' | 'stopped';

export class StatusItem implements vscode.Disposable {
    private readonly item = vscode.window.createStatusBarItem('clairvoyant.status', vscode.StatusBarAlignment.Right, 100);
    private readonly tasks = new Map<string, string>();
    private base: { state: State; detail: string } = { state: 'starting', detail: 'starting the server' };
    status: ServerStatus | undefined;
    verifiedMode = false;

    constructor() {
        this.item.name = 'Clairvoyant';
        this.item.command = 'clairvoyant.showStatus';
        this.render();
        this.item.show();
    }

    /** The current state, as shown (for the e2e hook and the status command). */
    get state(): State {
        return this.tasks.size > 0 && this.base.state === 'ready' ? 'busy' : this.base.state;
    }

    set(state: State, detail: string): void {
        this.base = { state, detail };
        if (state !== 'ready') {
            this.tasks.clear();
        }
        this.render();
    }

    /** Ready, or error when a model failed to load; from the server's `clairvoyant.status`. */
    update(status: ServerStatus): void {
        this.status = status;
        // A model that is loaded, failed, or not even available is not loading any more (a failed load may end
        // without a progress `end`).
        for (const token of [...this.tasks.keys()]) {
            const model = token.startsWith(LOAD_PREFIX) ? token.slice(LOAD_PREFIX.length) : undefined;
            if (model !== undefined && status.models[model] !== 'not loaded') {
                this.tasks.delete(token);
            }
        }
        const failed = Object.entries(status.models).filter(([, s]) => s.startsWith('error'));
        if (failed.length > 0) {
            this.set('error', failed.map(([name, s]) => `${name}: ${s}`).join('\n'));
        } else {
            const models = Object.entries(status.models).map(([name, s]) => `${name} (${s})`).join(', ');
            this.set('ready', `Clairvoyant ${status.version} · models: ${models || 'none'}`);
        }
    }

    /** Whether a model-loading progress is shown. */
    get loading(): boolean {
        return [...this.tasks.keys()].some((token) => token.startsWith(LOAD_PREFIX));
    }

    /** A work-done progress notification from the server (model loading, optimizing, synthesizing). */
    progress(token: string, value: WorkDoneProgressBegin | WorkDoneProgressReport | WorkDoneProgressEnd): void {
        if (value.kind === 'end') {
            this.tasks.delete(token);
        } else {
            const previous = this.tasks.get(token) ?? '';
            const title = value.kind === 'begin' ? value.title : previous.split(':')[0];
            const pct = value.percentage !== undefined ? ` ${value.percentage}%` : '';
            this.tasks.set(token, `${title}: ${value.message ?? ''}${pct}`);
        }
        this.render();
    }

    private render(): void {
        const state = this.state;
        const icon = { starting: '$(sync~spin)', busy: '$(sync~spin)', ready: '$(eye)', error: '$(error)', stopped: '$(circle-slash)' }[state];
        const task = [...this.tasks.values()].pop();
        this.item.text = `${icon} Clairvoyant${state === 'busy' && task ? ': ' + task.split(':')[0] : ''}`;
        const lines = [this.base.detail, ...this.tasks.values()];
        if (this.status) {
            lines.push(`workspace ${this.status.trusted ? 'trusted' : 'untrusted: no code is run'}`,
                `verified mode ${this.verifiedMode ? 'on' : 'off'}`);
        }
        this.item.tooltip = lines.filter(Boolean).join('\n');
        this.item.backgroundColor = state === 'error'
            ? new vscode.ThemeColor('statusBarItem.errorBackground') : undefined;
    }

    dispose(): void {
        this.item.dispose();
    }
}
