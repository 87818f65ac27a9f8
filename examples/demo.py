"""Hover a call below to see its predicted value; open the code actions on the marked lines for quick fixes."""


def running_total(numbers):
    """Cumulative sums.

    >>> running_total([3, 1, 4, 1, 5])
    """
    total = 0
    out = []
    for n in numbers:
        total = total + n
        out.append(total)
    return out


def shout(words, sep):
    text = sep.join(words)
    text = text.upper()
    return text + "!"


def first_missing(items, names):
    if items == None:  # quick fix: compare to None with `is`
        return None
    for name in names.keys():  # quick fix: drop the redundant .keys()
        if not name in items:  # quick fix: `not in`
            return name
    return None


print(running_total([3, 1, 4, 1, 5]))
print(shout(["hello", "world"], "-"))
print(first_missing(["a"], {"a": 1, "b": 2}))
