/* A tiny stack-machine interpreter (written for Clairvoyant's tests). */
enum { PUSH, ADD, SUB, MUL, DIV, DUP, SWAP, JZ, JMP, PRINT, HALT };

int run(const int *code, int len, int *out, int max_out) {
    int stack[64];
    int sp = 0, pc = 0, n_out = 0;
    while (pc < len) {
        int op = code[pc++];
        switch (op) {
        case PUSH: stack[sp++] = code[pc++]; break;
        case ADD: sp--; stack[sp - 1] += stack[sp]; break;
        case SUB: sp--; stack[sp - 1] -= stack[sp]; break;
        case MUL: sp--; stack[sp - 1] *= stack[sp]; break;
        case DIV: sp--; stack[sp - 1] = stack[sp] ? stack[sp - 1] / stack[sp] : 0; break;
        case DUP: stack[sp] = stack[sp - 1]; sp++; break;
        case SWAP: { int t = stack[sp - 1]; stack[sp - 1] = stack[sp - 2]; stack[sp - 2] = t; break; }
        case JZ: { int target = code[pc++]; if (stack[--sp] == 0) pc = target; break; }
        case JMP: pc = code[pc]; break;
        case PRINT: if (n_out < max_out) out[n_out++] = stack[--sp]; break;
        case HALT: return n_out;
        default: return -1;
        }
    }
    return n_out;
}

int count_ops(const int *code, int len, int op) {
    int n = 0;
    for (int i = 0; i < len; i++) n += code[i] == op;
    return n;
}
