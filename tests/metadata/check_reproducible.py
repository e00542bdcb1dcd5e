#!/usr/bin/env python3
"""Checks that data/metadata.bin is exactly what tools/metadata/compile.py
produces from the installed `phonenumbers` package: regenerates the blob
twice (under two different hash seeds, to catch any unsorted iteration) and
compares both, byte for byte, with the committed file.

Usage: check_reproducible.py [--blob data/metadata.bin]
Exits non-zero, saying where the bytes differ, when they do.
"""

import argparse
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, '..', '..'))
COMPILER = os.path.join(ROOT, 'tools', 'metadata', 'compile.py')


def regenerate(path, hash_seed):
    env = dict(os.environ, PYTHONHASHSEED=str(hash_seed))
    subprocess.run([sys.executable, COMPILER, '--output', path], check=True,
                   env=env)
    with open(path, 'rb') as f:
        return f.read()


def first_difference(a, b):
    for i, (x, y) in enumerate(zip(a, b)):
        if x != y:
            return i
    return min(len(a), len(b))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--blob', default=os.path.join(ROOT, 'data', 'metadata.bin'))
    args = parser.parse_args()
    with open(args.blob, 'rb') as f:
        committed = f.read()
    ok = True
    with tempfile.TemporaryDirectory() as tmp:
        for seed in (0, 12345):
            fresh = regenerate(os.path.join(tmp, 'metadata-%d.bin' % seed), seed)
            if fresh != committed:
                ok = False
                print('%s differs from a fresh compile (PYTHONHASHSEED=%d): '
                      'sizes %d / %d, first difference at byte %d'
                      % (args.blob, seed, len(committed), len(fresh),
                         first_difference(committed, fresh)))
    if not ok:
        print('regenerate with: %s tools/metadata/compile.py --output '
              'data/metadata.bin' % sys.executable)
        return 1
    print('%s: %d bytes, reproducible' % (args.blob, len(committed)))
    return 0


if __name__ == '__main__':
    sys.exit(main())
