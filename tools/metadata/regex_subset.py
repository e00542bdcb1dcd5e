"""Parser for the regular-expression subset used by libphonenumber's metadata,
and its Thompson NFA with priorities.

The metadata patterns are matched against strings of ASCII digits only, so
every character class is a 10-bit set over '0'..'9' (bit d = digit d).

Supported syntax (everything else raises PatternError, naming the pattern):

  digit literals 0-9       \\d                    [...] / [^...] with digits,
  ranges a-b and \\d        (?:...)               (...) capture groups
  |                        ? * + {n} {n,} {n,m} {,m} (greedy only)
  $ (end of input, only where the caller allows it)

Lazy quantifiers, anchors other than `$`, `.`, non-digit literals, back
references, look-arounds, named groups and inline flags are rejected.
Quantifiers that could repeat an empty match (a body that matches the empty
string under `*`, `+` or a bound above 1) are rejected too: Python's `re`
has its own rules for empty iterations, which the automata do not model.
"""

ALL_DIGITS = 0x3FF


class PatternError(Exception):
    """A pattern uses syntax outside the supported subset."""


# AST nodes are tuples:
#   ('set', mask)                    one digit from the 10-bit set
#   ('cat', [node, ...])             concatenation ([] = empty string)
#   ('alt', [node, ...])             alternation, leftmost first
#   ('rep', node, min, max_or_None)  greedy repetition
#   ('group', index, node)           capture group (1-based index)
#   ('end',)                         `$`


class _Parser:
    def __init__(self, pattern):
        self.p = pattern
        self.i = 0
        self.groups = 0

    def error(self, message):
        raise PatternError('%s at offset %d in %r' % (message, self.i, self.p))

    def peek(self):
        return self.p[self.i] if self.i < len(self.p) else None

    def parse(self):
        node = self.alternation()
        if self.i != len(self.p):
            self.error('unbalanced ")"')
        return node

    def alternation(self):
        branches = [self.concatenation()]
        while self.peek() == '|':
            self.i += 1
            branches.append(self.concatenation())
        return branches[0] if len(branches) == 1 else ('alt', branches)

    def concatenation(self):
        items = []
        while True:
            c = self.peek()
            if c is None or c in '|)':
                break
            items.append(self.repetition())
        return items[0] if len(items) == 1 else ('cat', items)

    def repetition(self):
        atom = self.atom()
        quantified = False
        while True:
            c = self.peek()
            if c == '?':
                lo, hi = 0, 1
                self.i += 1
            elif c == '*':
                lo, hi = 0, None
                self.i += 1
            elif c == '+':
                lo, hi = 1, None
                self.i += 1
            elif c == '{':
                bounds = self.braces()
                if bounds is None:
                    self.error('"{" that is not a quantifier')
                lo, hi = bounds
            else:
                return atom
            if quantified:
                self.error('lazy or repeated quantifier')
            if atom[0] == 'end':
                self.error('quantified "$"')
            if hi is not None and hi < lo:
                self.error('quantifier bounds out of order')
            if (hi is None or hi > 1) and _nullable(atom):
                self.error('repetition of a sub-pattern that can match empty')
            atom = ('rep', atom, lo, hi)
            quantified = True

    def braces(self):
        # Python reads {n}, {n,}, {,m}, {n,m}; anything else is a literal.
        j = self.p.find('}', self.i)
        if j < 0:
            return None
        body = self.p[self.i + 1:j]
        if ',' in body:
            lo_s, hi_s = body.split(',', 1)
        else:
            lo_s, hi_s = body, body
        if not (lo_s.isdigit() or lo_s == '') or not (hi_s.isdigit() or hi_s == ''):
            return None
        if lo_s == '' and hi_s == '' and ',' not in body:
            return None
        if body == ',':
            return None
        if not all(ch in '0123456789' for ch in lo_s + hi_s):
            return None
        self.i = j + 1
        lo = int(lo_s) if lo_s else 0
        hi = int(hi_s) if hi_s else None
        if lo > 1000 or (hi is not None and hi > 1000):
            self.error('repetition bound too large')
        return lo, hi

    def atom(self):
        c = self.peek()
        if c == '(':
            if self.p.startswith('(?:', self.i):
                self.i += 3
                node = self.alternation()
            elif self.p.startswith('(?', self.i):
                self.error('unsupported group syntax')
            else:
                self.i += 1
                self.groups += 1
                index = self.groups
                node = ('group', index, self.alternation())
            if self.peek() != ')':
                self.error('missing ")"')
            self.i += 1
            return node
        if c == '[':
            return ('set', self.char_class())
        if c == '\\':
            if self.p.startswith('\\d', self.i):
                self.i += 2
                return ('set', ALL_DIGITS)
            self.error('unsupported escape')
        if c == '$':
            self.i += 1
            return ('end',)
        if c is not None and '0' <= c <= '9':
            self.i += 1
            return ('set', 1 << (ord(c) - 48))
        self.error('unsupported character %r' % c)

    def char_class(self):
        self.i += 1  # '['
        negate = False
        if self.peek() == '^':
            negate = True
            self.i += 1
        mask = 0
        first = True
        while True:
            c = self.peek()
            if c is None:
                self.error('unterminated character class')
            if c == ']' and not first:
                self.i += 1
                break
            first = False
            if self.p.startswith('\\d', self.i):
                self.i += 2
                mask |= ALL_DIGITS
                continue
            if not ('0' <= c <= '9'):
                self.error('unsupported character %r in class' % c)
            lo = ord(c) - 48
            self.i += 1
            if (self.peek() == '-' and self.i + 1 < len(self.p)
                    and self.p[self.i + 1] != ']'):
                hi_c = self.p[self.i + 1]
                if not ('0' <= hi_c <= '9'):
                    self.error('unsupported range end %r' % hi_c)
                hi = ord(hi_c) - 48
                if hi < lo:
                    self.error('bad range')
                self.i += 2
                for d in range(lo, hi + 1):
                    mask |= 1 << d
            else:
                mask |= 1 << lo
        if negate:
            mask = ALL_DIGITS & ~mask
        return mask


def _nullable(node):
    kind = node[0]
    if kind == 'set':
        return False
    if kind == 'cat':
        return all(_nullable(n) for n in node[1])
    if kind == 'alt':
        return any(_nullable(n) for n in node[1])
    if kind == 'rep':
        return node[2] == 0 or _nullable(node[1])
    if kind == 'group':
        return _nullable(node[2])
    return True  # 'end' consumes nothing


def parse(pattern):
    """Returns (ast, number_of_capture_groups)."""
    if not isinstance(pattern, str):
        raise PatternError('pattern is not a string: %r' % (pattern,))
    parser = _Parser(pattern)
    return parser.parse(), parser.groups


def max_match_length(node):
    """Longest string the node can match, or None when unbounded."""
    kind = node[0]
    if kind == 'set':
        return 1
    if kind == 'end':
        return 0
    if kind == 'group':
        return max_match_length(node[2])
    if kind == 'cat':
        total = 0
        for n in node[1]:
            m = max_match_length(n)
            if m is None:
                return None
            total += m
        return total
    if kind == 'alt':
        best = 0
        for n in node[1]:
            m = max_match_length(n)
            if m is None:
                return None
            best = max(best, m)
        return best
    if kind == 'rep':
        if node[3] is None:
            return None
        m = max_match_length(node[1])
        return None if m is None else m * node[3]
    raise AssertionError(kind)


def contains_end(node):
    kind = node[0]
    if kind == 'end':
        return True
    if kind in ('cat', 'alt'):
        return any(contains_end(n) for n in node[1])
    if kind == 'rep':
        return contains_end(node[1])
    if kind == 'group':
        return contains_end(node[2])
    return False


# NFA node kinds.
CHAR, SPLIT, SAVE, END, MATCH = range(5)


class Nfa:
    """Thompson NFA. Node i is (kind[i], a[i], b[i]):

      CHAR   a = digit mask, b = next
      SPLIT  a = preferred next, b = other next
      SAVE   a = slot (2*group for start, 2*group+1 for end), b = next
      END    b = next (asserts end of input)
      MATCH  a = tag (used by multi-pattern automata)
    """

    def __init__(self):
        self.kind = []
        self.a = []
        self.b = []

    def add(self, kind, a=0, b=0):
        self.kind.append(kind)
        self.a.append(a)
        self.b.append(b)
        return len(self.kind) - 1

    def compile(self, node, nxt):
        """Adds `node` in front of node `nxt`; returns the entry node."""
        kind = node[0]
        if kind == 'set':
            return self.add(CHAR, node[1], nxt)
        if kind == 'cat':
            for child in reversed(node[1]):
                nxt = self.compile(child, nxt)
            return nxt
        if kind == 'alt':
            entries = [self.compile(child, nxt) for child in node[1]]
            # Right-nested splits keep the leftmost branch preferred.
            entry = entries[-1]
            for e in reversed(entries[:-1]):
                entry = self.add(SPLIT, e, entry)
            return entry
        if kind == 'group':
            close = self.add(SAVE, 2 * node[1] + 1, nxt)
            body = self.compile(node[2], close)
            return self.add(SAVE, 2 * node[1], body)
        if kind == 'end':
            return self.add(END, 0, nxt)
        if kind == 'rep':
            body, lo, hi = node[1], node[2], node[3]
            if hi is None:
                # Greedy loop: prefer another iteration.
                loop = self.add(SPLIT, 0, nxt)
                self.a[loop] = self.compile(body, loop)
                entry = loop
            else:
                entry = nxt
                for _ in range(hi - lo):
                    entry = self.add(SPLIT, self.compile(body, entry), nxt)
            for _ in range(lo):
                entry = self.compile(body, entry)
            return entry
        raise AssertionError(kind)


def build_nfa(ast, tag=1, nfa=None):
    """Compiles `ast` into `nfa` (a new one by default); returns (nfa, start)."""
    if nfa is None:
        nfa = Nfa()
    match = nfa.add(MATCH, tag)
    start = nfa.compile(ast, match)
    return nfa, start
