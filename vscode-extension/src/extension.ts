/** Clairvoyant for VS Code: starts `clairvoyant serve` for Python and LLVM IR documents through vscode-languageclient. */
import * as vscode from 'vscode';
import {
    DidChangeConfigurationNotification,
    LanguageClient,
    LanguageClientOptions,
    State,
} from 'vscode-languageclient/node';
import { Host, learnFromEdit, refreshStatus, registerCommands } from './commands';
import { runE2eHook } from './e2eHook';
import { initializationOptions, serverExecutable, serverSettings } from './server';
import { LOAD_PREFIX, StatusItem } from './status';

const COPY_OPT_COMMAND = 'clairvoyant.copyOptCommand';
const LEARN_FROM_EDIT = 'clairvoyant.learnFromEdit';

class Extension implements Host, vscode.Disposable {
    readonly output = vscode.window.createOutputChannel('Clairvoyant', { log: true });
    readonly status = new StatusItem();
    private current: LanguageClient | undefined;
    private clientEvents: vscode.Disposable[] = [];

    client(): LanguageClient | undefined {
        return this.current;
    }

    /** Create and start a client with the current settings; the status bar follows its state. */
    async start(): Promise<void> {
        const config = vscode.workspace.getConfiguration('clairvoyant');
        const executable = serverExecutable(config);
        this.status.set('starting', `starting ${executable.command} ${(executable.args ?? []).join(' ')}`);
        this.status.verifiedMode = config.get<boolean>('prediction.verifiedMode', false);
        const options: LanguageClientOptions = {
            documentSelector: [
                { scheme: 'file', language: 'python' },
                { scheme: 'untitled', language: 'python' },
                { scheme: 'file', language: 'llvm' },
                { scheme: 'untitled', language: 'llvm' },
            ],
            outputChannel: this.output,
            traceOutputChannel: this.output,
            initializationOptions: initializationOptions(),
            middleware: {
                // The server validates the `clairvoyant` section; it does not know the extension's own keys.
                workspace: {
                    configuration: async (params, token, next) => {
                        const result = await next(params, token);
                        if (!Array.isArray(result)) {
                            return result;
                        }
                        return result.map((value, i) => (params.items[i]?.section === 'clairvoyant' ? serverSettings(value) : value));
                    },
                },
                // The opt command goes to the clipboard as well as to the message the server shows; learning from an
                // edit gets the active document and offers the same edit in the other places.
                executeCommand: async (command, args, next) => {
                    if (command === LEARN_FROM_EDIT) {
                        return learnFromEdit(this, args, async (learnArgs) => next(command, learnArgs));
                    }
                    const result = await next(command, args);
                    if (command === COPY_OPT_COMMAND && typeof result === 'string') {
                        await vscode.env.clipboard.writeText(result);
                    }
                    return result;
                },
                handleWorkDoneProgress: (token, params, next) => {
                    this.status.progress(String(token), params);
                    next(token, params);
                    if (params.kind === 'end') {
                        void refreshStatus(this);
                    } else if (params.kind === 'begin' && String(token).startsWith(LOAD_PREFIX)) {
                        this.watchLoading();
                    }
                },
            },
        };
        const client = new LanguageClient('clairvoyant', 'Clairvoyant', executable, options);
        this.current = client;
        this.clientEvents.push(client.onDidChangeState((event) => {
            if (this.current !== client) {
                return;
            }
            if (event.newState === State.Stopped) {
                this.status.set('stopped', 'the server stopped (see the Clairvoyant output); run "Clairvoyant: Restart Server"');
            } else if (event.newState === State.Running && event.oldState === State.Starting && this.status.status) {
                void refreshStatus(this); // restarted by vscode-languageclient after a crash
            }
        }));
        try {
            await client.start();
        } catch (error) {
            this.status.set('error', `the server did not start: ${error}`);
            this.output.error(`could not start ${executable.command}: ${error}`);
            return;
        }
        await refreshStatus(this);
    }

    /** Ask for the status every few seconds while a model loads: a failed load may never send its progress `end`. */
    private watchLoading(): void {
        const timer = setInterval(() => {
            if (!this.status.loading || !this.current?.isRunning()) {
                clearInterval(timer);
                return;
            }
            void refreshStatus(this);
        }, 3000);
    }

    async stop(): Promise<void> {
        const client = this.current;
        this.current = undefined;
        this.clientEvents.forEach((d) => d.dispose());
        this.clientEvents = [];
        if (client) {
            try {
                await client.stop(5000);
            } catch (error) {
                this.output.error(`stopping the server: ${error}`);
            }
        }
    }

    async restart(): Promise<void> {
        await this.stop();
        await this.start();
    }

    /** Server settings changed: tell the server (it pulls them); launch settings changed: restart it. */
    async configurationChanged(event: vscode.ConfigurationChangeEvent): Promise<void> {
        if (event.affectsConfiguration('clairvoyant.server')) {
            await this.restart();
        } else if (event.affectsConfiguration('clairvoyant') && this.current?.isRunning()) {
            if (event.affectsConfiguration('clairvoyant.prediction.verifiedMode')) {
                this.status.verifiedMode = vscode.workspace.getConfiguration('clairvoyant').get('prediction.verifiedMode', false);
            }
            await this.current.sendNotification(DidChangeConfigurationNotification.type, { settings: null });
        }
    }

    dispose(): void {
        void this.stop();
        this.status.dispose();
        this.output.dispose();
    }
}

let extension: Extension | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
    const ext = new Extension();
    extension = ext;
    context.subscriptions.push(
        ext,
        ...registerCommands(ext),
        vscode.workspace.onDidChangeConfiguration((event) => ext.configurationChanged(event)),
        // Trust changes what the server may run; it is told at initialization, so restart it.
        vscode.workspace.onDidGrantWorkspaceTrust(() => ext.restart()),
    );
    await ext.start();
    void runE2eHook(ext);
}

export async function deactivate(): Promise<void> {
    await extension?.stop();
    extension = undefined;
}
