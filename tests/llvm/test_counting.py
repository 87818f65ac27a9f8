from clairvoyant.llvm.counting import count_text, instruction_opcode, parse_functions


def test_text_counter_matches_llvm_before_and_after_passes(modules, lib_backend):
    for name, ir in modules.items():
        for pipeline in ("", "default<Oz>", "function(sroa,simplifycfg),globaldce"):
            r = lib_backend.evaluate(ir, pipeline, want_ir=True)
            assert r.ok, r.error
            assert count_text(r.ir) == r.count, (name, pipeline)
            assert [(f.name, f.instructions) for f in parse_functions(r.ir)] == r.functions


def test_switch_cases_and_labels_are_not_instructions():
    ir = """define i32 @f(i32 %x) {
entry:
  switch i32 %x, label %d [
    i32 1, label %a
    i32 2, label %a
  ]
a:                                                ; preds = %entry
  %r = tail call i32 @g(i32 %x)
  ret i32 %r
d:
  ret i32 0
}
declare i32 @g(i32)
"""
    funcs = parse_functions(ir)
    assert [(f.name, f.line, f.instructions) for f in funcs] == [("f", 0, 4)]
    assert funcs[0].opcodes == {"switch": 1, "call": 1, "ret": 2}
    assert instruction_opcode("    i32 1, label %a") is None
    assert instruction_opcode("  %3 = load i32, ptr %2, align 4") == "load"


def test_quoted_function_names():
    ir = 'define void @"odd name"() {\n  ret void\n}\n'
    assert [(f.name, f.instructions) for f in parse_functions(ir)] == [("odd name", 1)]


def test_blocks_back_edges_and_callees(modules):
    funcs = {f.name: f for f in parse_functions(modules["sort"])}
    # loops in the C source: bubble_sort 2, insertion_sort 2, partition 1, binary_search 1, is_sorted 1
    assert {n: f.back_edges for n, f in funcs.items()} == {
        "bubble_sort": 2, "swap": 0, "insertion_sort": 2, "quick_sort": 0, "partition": 1, "binary_search": 1,
        "is_sorted": 1}
    assert funcs["swap"].blocks == 1 and funcs["bubble_sort"].blocks > 4
    assert funcs["quick_sort"].callees["quick_sort"] == 2 and funcs["partition"].callees["swap"] == 2
