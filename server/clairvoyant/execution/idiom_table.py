"""Data for `idiomgen`: snippet templates per method of the builtin types, loop heads and input word pools.

`TABLE` rows: `qualname out template | template ...`; see `idiomgen` for the hole syntax. `;;` is a line break.
"""

TABLE = r"""
str.capitalize str $s.capitalize() | ' '.join(w.capitalize() for w in $s.split())
str.casefold str $s.casefold() | ''.join(sorted($s.casefold()))
str.casefold bool $s.casefold() == $s2.casefold()
str.center str $s.center($w, $fill) | $s.center($w)
str.count int $s.count($c) | $s.count($c, $k) | $s.lower().count($ch)
str.count dict {ch: $s.count(ch) for ch in $s}
str.encode int len($s.encode())
str.encode str $s.encode('ascii', 'ignore').decode()
str.endswith bool $s.endswith($c) | $s.endswith(($c, $c2))
str.endswith list_str [w for w in $ws if w.endswith($c)]
str.expandtabs str '\t'.join($ws).expandtabs($k) | ($s + '\t' + $s2).expandtabs($p)
str.find int $s.find($c) | $s.find($c, $k)
str.find str $s[$s.find($c) + 1:]
str.format str '{} {}'.format($s, $n) | '{0}{1}{0}'.format($c, $s) | '{:>$w}'.format($s)
str.format_map str '{a}-{b}'.format_map({'a': $s, 'b': $n})
str.index int $s.index($c)
str.index str $s[:$s.index($c)] if $c in $s else $s
str.join str $c.join($ws) | ''.join(sorted($s)) | $c.join(str(x) for x in $l) | ' '.join(w[::-1] for w in $s.split())
str.ljust str $s.ljust($w, $fill)
str.ljust list_str [w.ljust($p, $fill) for w in $ws]
str.lower str $s.lower()
str.lower bool $s.lower() == $s[::-1].lower()
str.lstrip str $s.lstrip() | $s.lstrip($c)
str.maketrans str $s.translate(str.maketrans($ch, $ch2)) | $s.translate(str.maketrans('', '', $c))
str.partition str,str,str $s.partition($c)
str.partition str $s.partition($c)[0]
str.removeprefix str $s.removeprefix($c)
str.removesuffix str $s.removesuffix($c)
str.replace str $s.replace($c, $c2) | $s.replace($c, $c2, $k) | $s.replace(' ', '')
str.rfind int $s.rfind($c)
str.rfind str $s[:$s.rfind($c)]
str.rindex int $s.rindex($c)
str.rjust str $s.rjust($w, $fill) | str($n).rjust($p, '0')
str.rpartition str,str,str $s.rpartition($c)
str.rpartition str $s.rpartition($c)[2]
str.rsplit list_str $s.rsplit($c, $k) | $s.rsplit(maxsplit=1)
str.rstrip str $s.rstrip() | $s.rstrip($c)
str.split list_str $s.split() | $s.split($c) | $s.split($c, $k)
str.split int len($s.split())
str.splitlines list_str $s.splitlines() | $s.splitlines(True)
str.startswith bool $s.startswith($c)
str.startswith list_str [w for w in $ws if w.startswith($c)]
str.strip str $s.strip() | $s.strip($c)
str.strip list_str [w.strip() for w in $s.split($c)]
str.swapcase str $s.swapcase()
str.title str $s.title()
str.translate str $s.translate({ord($ch): $ch2}) | $s.translate({ord($ch): None})
str.upper str $s.upper() | ''.join(ch.upper() if i % 2 else ch for i, ch in enumerate($s))
str.zfill str $s.zfill($w) | str($n).zfill($p)
list.append - $l.append($n) | $ws.append($s) | $nl.append($l) | $ws.append($c)
list.clear - $l.clear() | $ws.clear()
list.copy list_int $l.copy()
list.copy list_str $ws.copy()
list.count int $l.count($n) | $ws.count($s)
list.count list_int [$l.count(x) for x in $l] | [x for x in $l if $l.count(x) > 1]
list.count dict {w: $ws.count(w) for w in $ws}
list.extend - $l.extend($l2) | $ws.extend($s.split()) | $l.extend(range($k))
list.index int $l.index($n) | $ws.index($s) | $l.index(max($l)) if $l else -1
list.insert - $l.insert($k, $n) | $ws.insert(0, $s) | $l.insert(len($l) // 2, $n)
list.pop int $l.pop() | $l.pop(0)
list.pop str $ws.pop()
list.pop - $l.pop($k)
list.remove - $l.remove($n) | if $s in $ws:;;$ws.remove($s) | while $n in $l:;;$l.remove($n)
list.reverse - $l.reverse() | $ws.reverse()
list.sort - $l.sort() | $l.sort(reverse=True) | $ws.sort(key=len) | $ws.sort(key=str.lower) | $nl.sort(key=sum)
dict.clear - $d.clear()
dict.copy dict $d.copy()
dict.fromkeys dict dict.fromkeys($ws, $k) | dict.fromkeys($s, 0)
dict.fromkeys list_str list(dict.fromkeys($ws))
dict.fromkeys str ''.join(dict.fromkeys($s))
dict.get int $d.get($key, $k) | $d.get($key, 0) + $n
dict.get list_int [$d.get(w, 0) for w in $ws]
dict.items list_str [k for k, v in $d.items() if v > $n]
dict.items dict {k: v * $p for k, v in $d.items()}
dict.items any sorted($d.items(), key=lambda kv: kv[1]) | list($d.items()) | max($d.items(), key=lambda kv: kv[1], default=None)
dict.keys list_str list($d.keys()) | sorted($d.keys())
dict.keys bool $key in $d.keys()
dict.pop int $d.pop($key, $k) | $d.pop($key)
dict.pop - $d.pop($key, None)
dict.popitem str,int $d.popitem()
dict.popitem any $d.popitem() if $d else None
dict.setdefault int $d.setdefault($key, $k)
dict.setdefault - $d.setdefault($key, 0)
dict.update - $d.update($d2) | $d.update({$key: $n}) | $d.update(zip($ws, $l))
dict.values int sum($d.values()) | max($d.values(), default=0)
dict.values list_int list($d.values()) | sorted($d.values(), reverse=True)
set.add - $st.add($n) | $st.add(len($s))
set.clear - $st.clear()
set.copy set $st.copy()
set.difference set $st.difference($l)
set.difference list_str sorted(set($s).difference($c))
set.difference_update - $st.difference_update($l)
set.discard - $st.discard($n)
set.intersection set $st.intersection($st2)
set.intersection list_str sorted(set($s).intersection($s2))
set.intersection_update - $st.intersection_update($l)
set.isdisjoint bool $st.isdisjoint($l) | set($s).isdisjoint($c)
set.issubset bool $st.issubset($l) | set($c).issubset($s)
set.issuperset bool $st.issuperset($l2)
set.pop int $st.pop()
set.remove - $st.remove($n)
set.symmetric_difference set $st.symmetric_difference($l)
set.symmetric_difference_update - $st.symmetric_difference_update($l)
set.union set $st.union($l)
set.union list_str sorted(set($s).union($c))
set.update - $st.update($l) | $st.update(range($k))
tuple.count int $t.count($n) | $t.count($t[0]) if $t else 0
tuple.index int $t.index($n) | $t.index(min($t)) if $t else -1
int.bit_length int $n.bit_length() | len($s).bit_length()
int.bit_count int $n.bit_count()
int.bit_count list_int [x.bit_count() for x in $l]
int.as_integer_ratio int,int $n.as_integer_ratio()
int int int($s) if $s.isdigit() else 0 | int($n / $p)
int list_int [int(ch) for ch in $s if ch.isdigit()]
str str str($n)
str list_str [str(x) for x in $l]
len int len($s) | len($ws) | len($d) | len($l)
list list_str list($s)
list list_int list($st)
dict dict dict(zip($ws, map(len, $ws))) | dict(zip($s, range(len($s))))
set set set($l) | {x % $p for x in $l} | set(range($k, $w))
set int len(set($l)) | len(set($s))
tuple tuple tuple($l) | tuple(sorted($l)) | tuple(len(w) for w in $ws)
ord list_int [ord(ch) for ch in $s]
ord int sum(ord(ch) for ch in $s)
chr str ''.join(chr(ord(ch) + $k) for ch in $s) | chr(ord('a') + $k)
sorted list_int sorted($l) | sorted($l, reverse=True)
sorted list_str sorted($ws, key=len) | sorted($ws, key=lambda w: (-len(w), w)) | sorted($d, key=$d.get)
sorted str ''.join(sorted($s, reverse=True))
sorted nested sorted($nl, key=len)
enumerate list_int [i for i, x in enumerate($l) if x > $n] | [i for i, ch in enumerate($s) if ch == $ch]
enumerate str ''.join(ch * (i % 3) for i, ch in enumerate($s))
enumerate dict {w: i for i, w in enumerate($ws)}
zip list_int [a + b for a, b in zip($l, $l2)]
zip dict dict(zip($ws, $l))
zip list_str [a + b for a, b in zip($s, $s2)]
zip int sum(1 for a, b in zip($s, $s[1:]) if a == b)
min int min($l, default=$k) | min($n, len($s))
min str min($ws, key=len, default='')
max int max($l, default=$k) | max($n, $n2)
max str max($ws, key=len, default='') | max($s, key=$s.count, default='')
sum int sum($l) | sum(x for x in $l if x % 2 == 0) | sum(len(w) for w in $ws) | sum(sum(row) for row in $nl)
reversed list_int list(reversed($l))
reversed str ''.join(reversed($s))
reversed list_str list(reversed($ws))
isinstance list_str [x for x in $mx if isinstance(x, str)]
isinstance list_int [x for x in $mx if isinstance(x, int)]
isinstance int sum(x for x in $mx if isinstance(x, int))
isinstance bool all(isinstance(x, int) for x in $mx)
abs int abs($n) | abs(len($s) - $n)
abs list_int [abs(x) for x in $l] | sorted($l, key=abs)
divmod int,int divmod($n, $p) | divmod(len($s), $p)
divmod int divmod(sum($l), $p)[1]
round any round(sum($l) / $p, 1) | round(len($s) / max(len($ws), 1), 2)
round int round($n / $p)
any bool any(ch.isdigit() for ch in $s) | any(x > $n for x in $l) | any(w.startswith($c) for w in $ws)
all bool all(x % 2 == 0 for x in $l) | all(ch.isalpha() for ch in $s) | all(len(w) > $k for w in $ws)
map list_str list(map(str, $l))
map list_int list(map(len, $ws)) | list(map(lambda x: x * $p, $l))
map str ''.join(map(str.upper, $ws))
filter list_int list(filter(lambda x: x % $p == 0, $l))
filter list_str list(filter(None, $ws)) | list(filter(str.isalpha, $ws))
range list_int list(range($k, $n)) | [x * x for x in range($k, $w)]
range list_str [$s[i:i + $p] for i in range(0, len($s), $p)]
range nested [$l[i:i + $p] for i in range(0, len($l), $p)]
_slice str $s[::-1] | $s[$k:] | $s[:$k] | $s[::2] | $s[1::2] | $s[-$p:] | $s[$k:-$p]
_slice list_int $l[::-1] | $l[$k:$n] | $l[::$p] | $l[-$p:]
_slice list_str $ws[1:] | $ws[:$k] | $ws[::-1]
_cmp bool $c in $s | $s in $ws | $key in $d | $n in $l | not $s | $n > $k | $n % 2 == 0 | len($l) > $k | $s == $s[::-1]
_concat str $s + $c | $s * $p | $c + $s + $c | $s + $s2
_concat list_int $l + $l2 | $l * 2
_arith int $n + $k | $n * $p | $n // $p | $n % $p | len($s) - $n
_comp list_int [x for x in $l if x > $n] | [x * $p for x in $l] | [x for row in $nl for x in row]
_comp list_int [sum(row) for row in $nl] | [len(row) for row in $nl]
_comp list_str [w for w in $ws if len(w) > $k] | [w[0] for w in $ws if w] | [$s[i] for i in range(len($s)) if i % 2 == 0]
_comp dict {w: len(w) for w in $ws}
_comp nested [[x] * $k for x in $l] | [row[::-1] for row in $nl]
_fstr str f"{$s}: {$n}" | f"{$s}-{len($s)}" | f"{$n:0$p}"
"""
PREDICATES = "isalnum isalpha isascii isdecimal isdigit isidentifier islower isnumeric isprintable isspace istitle isupper"
TABLE += "".join(
    f"str.{p} bool $s.{p}()\nstr.{p} list_str [ch for ch in $s if ch.{p}()]\nstr.{p} int sum(1 for ch in $s if ch.{p}())\n"
    f"str.{p} str ''.join(ch for ch in $s if not ch.{p}())\n"
    for p in PREDICATES.split()
)
# Public methods deliberately left out: bytes-valued, or (int.conjugate) an identity.
EXCLUDED = {"int.to_bytes", "int.from_bytes", "int.conjugate", "int.is_integer"}
CONSTRUCTS = {
    "slicing": r"\[[^\[\]\n]*:[^\[\]\n]*\]", "comprehension": r"[\[{(][^\n]* for \w+(, \w+)* in ",
    "f-string": r"\bf[\"']", "lambda": r"\blambda\b", "while": r"(?m)^\s*while ", "try/except": r"(?m)^\s*except ",
    "tuple return": r"(?m)^\s*return \w+, \w+",
}  # fmt: skip

MUTATING = {"list.pop", "dict.pop", "dict.popitem", "dict.setdefault", "set.pop"}
RISKY = {"str.index": "ValueError", "str.rindex": "ValueError", "list.index": "ValueError",
         "tuple.index": "ValueError", "list.remove": "ValueError", "int": "ValueError", "dict.pop": "KeyError",
         "dict.popitem": "KeyError", "set.remove": "KeyError", "set.pop": "KeyError", "list.pop": "IndexError"}  # fmt: skip

WORDS = ["apple", "banana", "cherry", "dog", "cat", "hello", "world", "python", "code", "data", "key", "value", "red", "green", "blue", "one", "two", "three", "sun", "moon", "tree", "river", "stone", "light", "north", "east", "bob", "alice", "level", "noon", "abc", "item", "test"]  # fmt: skip
KEYS = ["a", "b", "c", "x", "y", "key", "name", "id", "apple", "cat", "k1", "k2"]
SUBS = list("aeolnrst ,.-!x1") + ["an", "he", "lo", "ab", "th", "  ", "o w"]
CHARS_1 = list("aeioulnrstxy ,.-!1")
FILLS = ["'*'", "'-'", "' '", "'0'", "'#'", "'.'"]
LOOPS = [  # (head, loop variable types and names); $v1/$v2 are the loop variables
    ("for $v1 in $s:", [("str", ["char", "letter", "symbol"])]),
    ("for $v1 in $l:", [("int", ["num", "n", "item", "val"])]),
    ("for $v1 in $ws:", [("str", ["word", "item", "part", "token"])]),
    ("for $v1 in $s.split():", [("str", ["word", "token", "part"])]),
    ("for $v1 in $nl:", [("list_int", ["sub", "group", "line"])]),
    ("for $v1, $v2 in enumerate($l):", [("int", ["idx", "pos", "j"]), ("int", ["num", "val", "n"])]),
    ("for $v1, $v2 in enumerate($s):", [("int", ["idx", "pos", "j"]), ("str", ["char", "letter"])]),
    ("for $v1, $v2 in enumerate($ws):", [("int", ["idx", "j"]), ("str", ["word", "item"])]),
    ("for $v1, $v2 in $d.items():", [("str", ["key", "name"]), ("int", ["val", "count", "value"])]),
    ("for $v1 in sorted($d):", [("str", ["key", "name"])]),
    ("for $v1, $v2 in zip($ws, $l):", [("str", ["word", "name"]), ("int", ["num", "n"])]),
    ("for $v1 in range(len($s)):;;$v2 = $s[$v1]", [("int", ["j", "idx", "pos"]), ("str", ["char", "cur"])]),
    ("for $v1 in range(len($l)):;;$v2 = $l[$v1]", [("int", ["j", "idx", "pos"]), ("int", ["cur", "num"])]),
    ("for $v1 in range($n):", [("int", ["j", "step", "idx"])]),
    ("for $v1 in sorted($l, reverse=True):", [("int", ["num", "n"])]),
    ("for $v1 in reversed($s):", [("str", ["char", "letter"])]),
]
ACC_FOR = {"str": ["str", "str", "list_str", "dict", "int"], "int": ["int", "list_int", "list_int", "set", "str"],
           "list_int": ["list_int", "int", "nested"]}  # fmt: skip
EMPTY = {
    "str": "''",
    "int": "0",
    "list_int": "[]",
    "list_str": "[]",
    "dict": "{}",
    "set": "set()",
    "nested": "[]",
}
