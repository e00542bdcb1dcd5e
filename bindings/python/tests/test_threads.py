"""One engine shared by many Python threads: same answers, and the GIL
released during the C++ work. (Throughput with more threads is measured by
bench/python_compare.py, not asserted here: timings are not tests.)"""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest


def test_thread_pool_gives_the_serial_answers(engine, corpus):
    work = corpus * 3
    serial = []
    for region, text in work:
        try:
            serial.append(engine.segment(text, region or None))
        except Exception as e:  # oracle.Error
            serial.append((type(e), str(e)))

    def one(item):
        region, text = item
        try:
            return engine.segment(text, region or None)
        except Exception as e:  # oracle.Error
            return (type(e), str(e))

    with ThreadPoolExecutor(max_workers=8) as pool:
        assert list(pool.map(one, work, chunksize=64)) == serial


def test_segment_many_from_many_threads(engine, corpus):
    numbers = [text for _, text in corpus]
    regions = [region or None for region, _ in corpus]
    expected = engine.segment_many(numbers, regions, threads=1)
    with ThreadPoolExecutor(max_workers=4) as pool:
        tables = list(pool.map(
            lambda t: engine.segment_many(numbers, regions, threads=t),
            [1, 2, 1, 2, None, 3]))
    for table in tables:
        assert table.equals(expected)


def test_segment_many_releases_the_gil(engine):
    """A pure-Python thread keeps running while segment_many works."""
    numbers = ["07 07 12 34 56", "+33 6 12 34 56 78"] * 200000
    ticks = 0
    done = threading.Event()

    def count():
        nonlocal ticks
        while not done.is_set():
            ticks += 1

    engine.segment_many(numbers[:1000], "CI")  # warm up
    counter = threading.Thread(target=count)
    counter.start()
    time.sleep(0.05)
    try:
        start = ticks
        engine.segment_many(numbers, "CI", threads=1)
        during = ticks - start
    finally:
        done.set()
        counter.join()
    # With the GIL held for the whole call the counter could not move
    # (beyond the few ticks around the call's Python parts).
    assert during > 10000
