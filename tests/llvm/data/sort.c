/* Small sorting and searching routines (written for Clairvoyant's tests). */
#include <stddef.h>

static void swap(int *a, int *b) { int t = *a; *a = *b; *b = t; }

void bubble_sort(int *v, size_t n) {
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j + 1 < n - i; j++)
            if (v[j] > v[j + 1]) swap(&v[j], &v[j + 1]);
}

void insertion_sort(int *v, size_t n) {
    for (size_t i = 1; i < n; i++) {
        int key = v[i];
        size_t j = i;
        while (j > 0 && v[j - 1] > key) { v[j] = v[j - 1]; j--; }
        v[j] = key;
    }
}

static size_t partition(int *v, size_t lo, size_t hi) {
    int pivot = v[hi];
    size_t i = lo;
    for (size_t j = lo; j < hi; j++)
        if (v[j] < pivot) { swap(&v[i], &v[j]); i++; }
    swap(&v[i], &v[hi]);
    return i;
}

void quick_sort(int *v, size_t lo, size_t hi) {
    if (lo >= hi) return;
    size_t p = partition(v, lo, hi);
    if (p > 0) quick_sort(v, lo, p - 1);
    quick_sort(v, p + 1, hi);
}

long binary_search(const int *v, size_t n, int x) {
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (v[mid] == x) return (long)mid;
        if (v[mid] < x) lo = mid + 1; else hi = mid;
    }
    return -1;
}

int is_sorted(const int *v, size_t n) {
    for (size_t i = 1; i < n; i++)
        if (v[i - 1] > v[i]) return 0;
    return 1;
}
