def test_lib_and_opt_agree(modules, lib_backend, opt_backend):
    ir = modules["interp"]
    for pipeline in ("default<Oz>", "function(separate-const-offset-from-gep),default<Oz>", "function(mem2reg)"):
        a, b = lib_backend.evaluate(ir, pipeline), opt_backend.evaluate(ir, pipeline)
        assert a.ok and b.ok
        assert a.count == b.count and a.functions == b.functions


def test_fatal_llvm_error_is_contained_and_worker_restarts(modules, lib_backend):
    r = lib_backend.evaluate(modules["sort"], "function(loop(licm))")  # LLVM ERROR: LICM requires MemorySSA
    assert not r.ok and "MemorySSA" in r.error
    again = lib_backend.evaluate(modules["sort"], "default<Oz>")
    assert again.ok and again.count > 0


def test_unknown_pass_and_parse_errors(modules, lib_backend, opt_backend):
    r = lib_backend.evaluate(modules["sort"], "nosuchpass")
    assert not r.ok and "nosuchpass" in r.error
    assert not opt_backend.evaluate(modules["sort"], "nosuchpass").ok
    bad = lib_backend.evaluate("define i32 @f() {\n  ret void\n}\n", "")
    assert not bad.ok and ":2:" in bad.error


INLINE_ASM = """target triple = "x86_64-pc-linux-gnu"
define i32 @swap(i32 %x) {
  %r = call i32 asm "bswap $0", "=r,0"(i32 %x)
  ret i32 %r
}
"""


def test_text_size_of_inline_asm(lib_backend, opt_backend):
    """Emitting code for inline asm needs the target's asm parser (real C modules have it: crc32c, psutil)."""
    r = lib_backend.evaluate(INLINE_ASM, "default<Oz>", want_ir=True, text_size=True)
    assert r.ok, r.error
    assert r.text_size == opt_backend.evaluate(INLINE_ASM, "default<Oz>", text_size=True).text_size > 0


def test_verify_and_text_size(modules, lib_backend, opt_backend):
    r = lib_backend.evaluate(modules["strs"], "default<Oz>", verify=True, text_size=True)
    assert r.ok and r.text_size and r.text_size > 0
    assert opt_backend.evaluate(modules["strs"], "default<Oz>", text_size=True).text_size == r.text_size
