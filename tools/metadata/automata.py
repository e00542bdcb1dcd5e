"""Deterministic automata and capture programs for metadata patterns.

Three products, all over the alphabet '0'..'9':

* Dfa (single pattern): one table answering three questions with Python `re`
  semantics: fullmatch (accept mask 1), and match / match end (re.match:
  anchored at the start, leftmost-first alternation, greedy quantifiers).
  It is built by an ordered subset construction in the manner of RE2's
  leftmost-first DFA. A state is (pre, post):
    pre  - the NFA threads, in priority order, that may still produce a
           match preferred over every match seen so far;
    post - the threads cut off by a higher-priority match (kept, unordered,
           only because fullmatch may still need them).
  Outputs per state: accept (some thread reached Match: fullmatch succeeds
  when the input ends here), MATCH_HERE (a thread in `pre` reached Match:
  the leftmost-first match now ends here) and STOP (no later position can be
  flagged MATCH_HERE). The DFA is then minimised (Moore) on those outputs,
  so the ordering information survives minimisation.

* Dfa (product of several patterns, fullmatch only): plain subset
  construction on the union of the patterns' NFAs, accept mask = OR of the
  tags of the patterns that fully match; minimised on the mask.

* CaptureProgram: for patterns with capture groups (and `$`), the NFA's
  epsilon closures are precomputed in priority order, each closure entry
  saying which consuming instruction (or Match) it reaches and which
  capture slots it sets on the way. Running it is a Pike VM without an
  explicit stack. See docs/metadata-format.md.
"""

from regex_subset import (CHAR, SPLIT, SAVE, END, MATCH, PatternError,
                          build_nfa, contains_end, max_match_length, parse,
                          Nfa)

DEAD = 0xFFFFFFFF
FLAG_MATCH_HERE = 1
FLAG_STOP = 2
CAPTURE_MATCH = 0xFFFF  # closure-entry target meaning "Match"
CAPTURE_NONE = 0xFFFF   # no entry


class Dfa:
    """A complete-or-partial DFA: next[s*10+d] is a state or DEAD."""

    __slots__ = ('next', 'accept', 'flags', 'start')

    def __init__(self, next_, accept, flags, start):
        self.next = next_
        self.accept = accept
        self.flags = flags
        self.start = start

    @property
    def num_states(self):
        return len(self.accept)

    def key(self):
        return (self.start, tuple(self.next), tuple(self.accept),
                tuple(self.flags))

    # Reference interpreters, mirroring src/engine/metadata.cc.
    def full_match(self, digits):
        s = self.start
        for ch in digits:
            d = ord(ch) - 48
            if not 0 <= d <= 9:
                return 0
            s = self.next[s * 10 + d]
            if s == DEAD:
                return 0
        return self.accept[s]

    def match_end(self, digits):
        s = self.start
        f = self.flags[s]
        last = 0 if f & FLAG_MATCH_HERE else -1
        if f & FLAG_STOP:
            return last
        for i, ch in enumerate(digits):
            d = ord(ch) - 48
            if not 0 <= d <= 9:
                break
            s = self.next[s * 10 + d]
            if s == DEAD:
                break
            f = self.flags[s]
            if f & FLAG_MATCH_HERE:
                last = i + 1
            if f & FLAG_STOP:
                break
        return last

    def prefix_match(self, digits):
        s = self.start
        f = self.flags[s]
        if f & FLAG_MATCH_HERE:
            return True
        if f & FLAG_STOP:
            return False
        for ch in digits:
            d = ord(ch) - 48
            if not 0 <= d <= 9:
                return False
            s = self.next[s * 10 + d]
            if s == DEAD:
                return False
            f = self.flags[s]
            if f & FLAG_MATCH_HERE:
                return True
            if f & FLAG_STOP:
                return False
        return False


def _check_no_epsilon_cycle(nfa, pattern):
    # Guaranteed by the parser's nullable-repetition check; verified here so
    # that the closures below are well defined.
    eps = (SPLIT, SAVE, END)
    color = [0] * len(nfa.kind)
    for root in range(len(nfa.kind)):
        if color[root] or nfa.kind[root] not in eps:
            continue
        stack = [(root, 0)]
        color[root] = 1
        while stack:
            n, i = stack[-1]
            k = nfa.kind[n]
            succ = ((nfa.a[n], nfa.b[n]) if k == SPLIT else (nfa.b[n],))
            if i < len(succ):
                stack[-1] = (n, i + 1)
                m = succ[i]
                if nfa.kind[m] not in eps:
                    continue
                if color[m] == 1:
                    raise PatternError('empty loop in %r' % pattern)
                if color[m] == 0:
                    color[m] = 1
                    stack.append((m, 0))
            else:
                color[n] = 2
                stack.pop()


class _Closures:
    """Priority-ordered epsilon closures (CHAR and MATCH nodes reached)."""

    def __init__(self, nfa):
        self.nfa = nfa
        self.cache = {}

    def get(self, node):
        c = self.cache.get(node)
        if c is None:
            c = self._compute(node)
            self.cache[node] = c
        return c

    def _compute(self, node):
        nfa = self.nfa
        kind, a, b = nfa.kind, nfa.a, nfa.b
        out = []
        seen = set()
        stack = [node]
        while stack:
            n = stack.pop()
            if n in seen:
                continue
            seen.add(n)
            k = kind[n]
            if k == CHAR or k == MATCH:
                out.append(n)
            elif k == SPLIT:
                stack.append(b[n])
                stack.append(a[n])
            elif k == SAVE:
                stack.append(b[n])
            else:
                raise PatternError('"$" is only supported in capture programs')
        return tuple(out)


def _canonical_dfa(next_, accept, flags, dead_flags):
    """Moore-minimises a DFA given as flat transitions (DEAD allowed) with
    per-state outputs (accept, flags), then renumbers it breadth-first from
    the start (state 0), by digit, so that equal automata give equal tables.
    States equivalent to DEAD (outputs (0, dead_flags) forever) disappear.
    """
    n = len(accept)
    # An explicit dead state n makes DEAD an ordinary class.
    full_next = [n if t == DEAD else t for t in next_] + [n] * 10
    outs = [(accept[i], flags[i]) for i in range(n)] + [(0, dead_flags)]
    ids = {}
    cls = [ids.setdefault(key, len(ids)) for key in outs]
    num = len(ids)
    while True:
        ids = {}
        new_cls = []
        for s in range(n + 1):
            base = s * 10
            sig = (cls[s], cls[full_next[base]], cls[full_next[base + 1]],
                   cls[full_next[base + 2]], cls[full_next[base + 3]],
                   cls[full_next[base + 4]], cls[full_next[base + 5]],
                   cls[full_next[base + 6]], cls[full_next[base + 7]],
                   cls[full_next[base + 8]], cls[full_next[base + 9]])
            new_cls.append(ids.setdefault(sig, len(ids)))
        cls = new_cls
        if len(ids) == num:
            break
        num = len(ids)
    dead_cls = cls[n]
    if cls[0] == dead_cls:
        # Matches nothing: a single state without transitions.
        return Dfa([DEAD] * 10, [0], [dead_flags], 0)
    rep = {}
    for s in range(n):
        rep.setdefault(cls[s], s)
    order = {cls[0]: 0}
    queue = [cls[0]]
    qi = 0
    while qi < len(queue):
        s = rep[queue[qi]]
        qi += 1
        for d in range(10):
            ct = cls[full_next[s * 10 + d]]
            if ct != dead_cls and ct not in order:
                order[ct] = len(queue)
                queue.append(ct)
    m = len(queue)
    new_next = [DEAD] * (m * 10)
    new_accept = [0] * m
    new_flags = [0] * m
    for i, c in enumerate(queue):
        s = rep[c]
        new_accept[i] = accept[s]
        new_flags[i] = flags[s]
        for d in range(10):
            ct = cls[full_next[s * 10 + d]]
            if ct != dead_cls:
                new_next[i * 10 + d] = order[ct]
    return Dfa(new_next, new_accept, new_flags, 0)


def compile_dfa(pattern):
    """Single-pattern DFA (fullmatch + leftmost-first match end)."""
    ast, _ = parse(pattern)
    if contains_end(ast):
        raise PatternError('"$" outside a capture program in %r' % pattern)
    nfa, start = build_nfa(ast, tag=1)
    _check_no_epsilon_cycle(nfa, pattern)
    clo = _Closures(nfa)
    kind, mask, nxt = nfa.kind, nfa.a, nfa.b

    def make_state(ordered_entries_per_thread, post_threads):
        """ordered_entries_per_thread: closures, in priority order, of the
        pre threads that advanced; post_threads: closures of post threads."""
        pre = []
        seen = set()
        post = set()
        cut = False
        here = False
        acc = False
        for entries in ordered_entries_per_thread:
            for e in entries:
                if kind[e] == MATCH:
                    acc = True
                    if not cut:
                        here = True
                        cut = True
                    continue
                if cut:
                    post.add(e)
                elif e not in seen:
                    seen.add(e)
                    pre.append(e)
        for entries in post_threads:
            for e in entries:
                if kind[e] == MATCH:
                    acc = True
                else:
                    post.add(e)
        post.difference_update(seen)
        return (tuple(pre), frozenset(post), acc, here)

    start_key = make_state([clo.get(start)], [])
    index = {start_key: 0}
    states = [start_key]
    next_ = []
    i = 0
    while i < len(states):
        pre, post, _, _ = states[i]
        i += 1
        for d in range(10):
            bit = 1 << d
            adv = [clo.get(nxt[t]) for t in pre if mask[t] & bit]
            padv = [clo.get(nxt[t]) for t in sorted(post) if mask[t] & bit]
            if not adv and not padv:
                next_.append(DEAD)
                continue
            key = make_state(adv, padv)
            if not key[0] and not key[1] and not key[2] and not key[3]:
                next_.append(DEAD)
                continue
            j = index.get(key)
            if j is None:
                j = len(states)
                index[key] = j
                states.append(key)
            next_.append(j)
    n = len(states)
    accept = [1 if s[2] else 0 for s in states]
    here = [s[3] for s in states]
    # STOP: no state reachable in one or more steps is MATCH_HERE.
    rev = [[] for _ in range(n)]
    for s in range(n):
        for d in range(10):
            t = next_[s * 10 + d]
            if t != DEAD:
                rev[t].append(s)
    can_flag_later = [False] * n
    stack = [t for t in range(n) if here[t]]
    while stack:
        t = stack.pop()
        for s in rev[t]:
            if not can_flag_later[s]:
                can_flag_later[s] = True
                stack.append(s)
    flags = [(FLAG_MATCH_HERE if here[s] else 0) |
             (0 if can_flag_later[s] else FLAG_STOP) for s in range(n)]
    return _canonical_dfa(next_, accept, flags, FLAG_STOP)


def compile_product_dfa(tagged_patterns):
    """FullMatch-only DFA for several patterns at once. `tagged_patterns` is
    a list of (tag_bit_mask, pattern). accept[s] = OR of the tags of the
    patterns that fully match. Every state has FLAG_STOP and no
    MATCH_HERE, so MatchEnd/PrefixMatch on it report no match."""
    nfa = Nfa()
    starts = []
    for tag, pattern in tagged_patterns:
        ast, _ = parse(pattern)
        if contains_end(ast):
            raise PatternError('"$" outside a capture program in %r' % pattern)
        _, s = build_nfa(ast, tag=tag, nfa=nfa)
        starts.append(s)
    _check_no_epsilon_cycle(nfa, tagged_patterns)
    clo = _Closures(nfa)
    kind, mask, nxt, tag_of = nfa.kind, nfa.a, nfa.b, nfa.a

    def make_state(closures):
        chars = set()
        acc = 0
        for entries in closures:
            for e in entries:
                if kind[e] == MATCH:
                    acc |= tag_of[e]
                else:
                    chars.add(e)
        return (frozenset(chars), acc)

    start_key = make_state([clo.get(s) for s in starts])
    index = {start_key: 0}
    states = [start_key]
    next_ = []
    i = 0
    while i < len(states):
        chars = states[i][0]
        i += 1
        by_digit = [[] for _ in range(10)]
        for t in chars:
            m = mask[t]
            c = clo.get(nxt[t])
            for d in range(10):
                if m >> d & 1:
                    by_digit[d].append(c)
        for d in range(10):
            if not by_digit[d]:
                next_.append(DEAD)
                continue
            key = make_state(by_digit[d])
            j = index.get(key)
            if j is None:
                j = len(states)
                index[key] = j
                states.append(key)
            next_.append(j)
    accept = [s[1] for s in states]
    flags = [FLAG_STOP] * len(states)
    return _canonical_dfa(next_, accept, flags, FLAG_STOP)


class CaptureProgram:
    """Precomputed-closure Pike VM program. Instruction 0 is the start
    pseudo-instruction (mask 0); instructions 1..n-1 consume one digit from
    their mask. For each instruction i:

      mid[i]: closure entries (target, save_mask) in priority order, taken
              after instruction i consumed a digit (for i = 0: at the start)
              when the input does not end there. target is an instruction
              index or CAPTURE_MATCH.
      end[i]: the entry reached first at end of input that is a Match
              (save_mask), or None.
    Slot s of a save_mask is bit s; slots 2g / 2g+1 are group g's start/end
    (g >= 1).
    """

    def __init__(self, masks, mid, end, num_groups, max_len):
        self.masks = masks
        self.mid = mid
        self.end = end
        self.num_groups = num_groups
        self.max_len = max_len

    def match_prefix(self, digits):
        """Returns None or (end, [(start, end) or None per group])."""
        n = len(digits)
        ng = self.num_groups
        limit = min(n, self.max_len)
        best = None

        def apply(caps, saves, pos):
            if not saves:
                return caps
            caps = list(caps)
            for slot in range(2, 2 * ng + 2):
                if saves >> slot & 1:
                    caps[slot] = pos
            return caps

        init = [-1] * (2 * ng + 2)
        if n == 0:
            e = self.end[0]
            if e is not None:
                best = (0, apply(init, e, 0))
            return _result(best, ng)
        clist = []
        for target, saves in self.mid[0]:
            if target == CAPTURE_MATCH:
                best = (0, apply(init, saves, 0))
                break
            clist.append((target, apply(init, saves, 0)))
        p = 0
        while clist and p < limit:
            d = ord(digits[p]) - 48
            if not 0 <= d <= 9:
                break
            pos = p + 1
            at_end = pos == n
            nlist = []
            on = set()
            done = False
            for inst, caps in clist:
                if not self.masks[inst] >> d & 1:
                    continue
                if at_end:
                    e = self.end[inst]
                    if e is not None:
                        best = (pos, apply(caps, e, pos))
                        done = True
                        break
                    continue
                for target, saves in self.mid[inst]:
                    if target == CAPTURE_MATCH:
                        best = (pos, apply(caps, saves, pos))
                        done = True
                        break
                    if target not in on:
                        on.add(target)
                        nlist.append((target, apply(caps, saves, pos)))
                if done:
                    break
            clist = nlist
            p = pos
            if at_end:
                break
        return _result(best, ng)


def _result(best, ng):
    if best is None:
        return None
    end, caps = best
    groups = []
    for g in range(1, ng + 1):
        s, e = caps[2 * g], caps[2 * g + 1]
        groups.append(None if s < 0 or e < 0 else (s, e))
    return end, groups


def compile_capture_program(pattern, max_groups=4):
    ast, num_groups = parse(pattern)
    if num_groups > max_groups:
        raise PatternError('more than %d groups in %r' % (max_groups, pattern))
    max_len = max_match_length(ast)
    if max_len is None:
        raise PatternError('unbounded capture pattern %r' % pattern)
    nfa, start = build_nfa(ast, tag=1)
    _check_no_epsilon_cycle(nfa, pattern)
    kind, a, b = nfa.kind, nfa.a, nfa.b

    def closure(node, at_end):
        """Priority-ordered (target_node, save_mask) entries, first path
        wins; at_end: `$` passes, only Match entries are kept."""
        out = []
        seen = set()
        # Depth-first, preferred branch first: (node, slots saved so far).
        stack = [(node, 0)]
        while stack:
            n, saves = stack.pop()
            k = kind[n]
            if k == END:
                if not at_end:
                    continue  # fails here; nothing below is visited
            if n in seen:
                continue
            seen.add(n)
            if k == CHAR:
                if not at_end:
                    out.append((n, saves))
            elif k == MATCH:
                out.append((n, saves))
                if at_end:
                    break
            elif k == SPLIT:
                stack.append((b[n], saves))
                stack.append((a[n], saves))
            elif k == SAVE:
                stack.append((b[n], saves | (1 << a[n])))
            elif k == END:
                stack.append((b[n], saves))
        return out

    # Number the CHAR nodes reachable from the start, breadth-first.
    inst_of = {}
    masks = [0]
    mid = []
    end = []
    pending = [start]  # node whose closure defines instruction len(mid)
    qi = 0
    while qi < len(pending):
        node = pending[qi]
        qi += 1
        entries = []
        for target, saves in closure(node, False):
            if kind[target] == MATCH:
                entries.append((CAPTURE_MATCH, saves))
                break  # lower-priority entries can never be used
            if target not in inst_of:
                inst_of[target] = len(masks)
                masks.append(a[target])
                pending.append(b[target])
            entries.append((inst_of[target], saves))
        mid.append(entries)
        e = closure(node, True)
        end.append(e[0][1] if e and kind[e[0][0]] == MATCH else None)
    return CaptureProgram(masks, mid, end, num_groups, max_len)
