/* String helpers (written for Clairvoyant's tests). */
#include <stddef.h>

size_t my_strlen(const char *s) { size_t n = 0; while (s[n]) n++; return n; }

int my_strcmp(const char *a, const char *b) {
    while (*a && *a == *b) { a++; b++; }
    return (unsigned char)*a - (unsigned char)*b;
}

void reverse(char *s) {
    size_t n = my_strlen(s);
    for (size_t i = 0; i < n / 2; i++) { char t = s[i]; s[i] = s[n - 1 - i]; s[n - 1 - i] = t; }
}

int count_words(const char *s) {
    int n = 0, in_word = 0;
    for (; *s; s++) {
        int space = *s == ' ' || *s == '\t' || *s == '\n';
        if (!space && !in_word) n++;
        in_word = !space;
    }
    return n;
}

static int to_lower(int c) { return c >= 'A' && c <= 'Z' ? c + 32 : c; }

int equal_ignore_case(const char *a, const char *b) {
    while (*a && *b) { if (to_lower(*a) != to_lower(*b)) return 0; a++; b++; }
    return *a == *b;
}

unsigned hash(const char *s) {
    unsigned h = 2166136261u;
    for (; *s; s++) { h ^= (unsigned char)*s; h *= 16777619u; }
    return h;
}
