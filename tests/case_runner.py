"""The command line shared by the CLI test scripts (tests/*/..._test.py).

Each script registers its cases in a dict (name -> function) and calls
run_cases() from its main(). CTest runs one case per test
(`script --cli PATH CASE`); `--list` prints the case names, which the
case_list_complete tests compare with the CTest registrations.
"""

import argparse
import os
import time
import traceback


def run_cases(doc, cases, failure, argv=None, extra_options=(),
              configure=None):
    """Parses the arguments, runs the chosen cases, returns the exit code.

    doc: the script's docstring (its first paragraph describes the script).
    cases: dict name -> function of no argument; a case fails by raising.
    failure: the script's exception class for a failed check (reported as
        FAIL, any other exception as ERROR with its traceback).
    extra_options: (flag, help) pairs of further path options.
    configure: called with the parsed arguments, the CLI path made absolute,
        before the first case runs.
    """
    parser = argparse.ArgumentParser(description=doc.split("\n\n")[0])
    parser.add_argument("--cli", help="path of the oracle CLI")
    for flag, help_text in extra_options:
        parser.add_argument(flag, help=help_text)
    parser.add_argument("--list", action="store_true", help="list the cases")
    parser.add_argument("cases", nargs="*", help="cases to run (default all)")
    args = parser.parse_args(argv)
    if args.list:
        print("\n".join(cases))
        return 0
    if not args.cli:
        parser.error("--cli is required")
    args.cli = os.path.abspath(args.cli)
    names = args.cases or list(cases)
    unknown = [n for n in names if n not in cases]
    if unknown:
        parser.error(f"unknown cases {unknown}; see --list")
    if configure is not None:
        configure(args)
    failed = []
    for name in names:
        started = time.monotonic()
        try:
            cases[name]()
            status = "ok"
        except failure as e:
            status = f"FAIL: {e}"
            failed.append(name)
        except Exception:  # pylint: disable=broad-except
            status = "ERROR:\n" + traceback.format_exc()
            failed.append(name)
        print(f"{name}: {status} ({time.monotonic() - started:.2f}s)",
              flush=True)
    if failed:
        print(f"{len(failed)} of {len(names)} cases failed: {', '.join(failed)}")
        return 1
    print(f"all {len(names)} cases passed")
    return 0
