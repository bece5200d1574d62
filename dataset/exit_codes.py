"""The command line's exit codes, defined once, and the one wrapper every command's process runs in.

Exit codes: 0 success (or a valid package); 1 invalid data (or stale generated files); 2 the input could not be
read, a needed extra is missing, or the command was misused; 130 interrupted (Ctrl-C: 128 + SIGINT, the shell's
convention). Whatever happens, the user sees one line on standard error (or a command's own report), never a
traceback.

`run_cli(main)` is the process around a command (`python -m dataset`, the console script, `python -m
dataset.hive`): it keeps a closed pipe from changing the result, turns Ctrl-C into exit 130 and an internal
error into exit 2, then exits without the interpreter's teardown.
"""

from __future__ import annotations

import os
import signal
import sys
from collections.abc import Callable
from typing import IO, Any, NoReturn

EXIT_OK = 0
EXIT_INVALID = 1
EXIT_UNUSABLE = 2
EXIT_INTERRUPTED = 130
"""128 + SIGINT (2): what a shell reports for a process that Ctrl-C stopped."""

INTERNAL_ERRORS: tuple[type[BaseException], ...] = (RecursionError, MemoryError, TypeError, AttributeError,
                                                     KeyError)
"""What a command raises when an input has a shape no check foresaw (a descriptor nested too deep, a list where
a name belongs): the last line of defence reports it as unreadable input (exit 2) rather than as a traceback."""


def describe(err: BaseException) -> str:
    """`<type>: <message>` on one line, at most 300 characters of message."""
    return f"{type(err).__name__}: {' '.join(str(err).split())[:300]}"


def internal_error(err: BaseException, subject: str) -> int:
    """Say on one line that `subject` could not be read because of `err`; the exit code for it."""
    print(f"error: internal error while reading {subject}: {describe(err)}", file=sys.stderr)
    return EXIT_UNUSABLE


class _ClosedPipeGuard:
    """A standard stream whose reader may leave early (`validate --json | head -c 100`). The first
    BrokenPipeError points the stream's file descriptor at os.devnull, as Python's documentation on SIGPIPE
    advises, so that the rest of the output (and the final flush) goes nowhere without an error and the command
    finishes with its own exit code. Everything else is the wrapped stream's."""

    def __init__(self, stream: IO[Any]):
        self._stream = stream

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)

    def _reader_gone(self) -> None:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, self._stream.fileno())
        os.close(devnull)

    def write(self, data: Any) -> int:
        try:
            return self._stream.write(data)
        except BrokenPipeError:
            self._reader_gone()
            return len(data)

    def flush(self) -> None:
        try:
            self._stream.flush()
        except BrokenPipeError:
            self._reader_gone()
            self._stream.flush()  # what was still buffered now goes to os.devnull

    @property
    def buffer(self) -> _ClosedPipeGuard:
        """The binary stream under a text stream, guarded the same way (exports write bytes)."""
        return _ClosedPipeGuard(self._stream.buffer)


def _exit_status(err: SystemExit) -> int:
    """The exit status `sys.exit(x)` asks for (argparse: 2 on misuse, 0 after --help)."""
    if err.code is None or isinstance(err.code, int):
        return err.code or EXIT_OK
    print(err.code, file=sys.stderr)
    return EXIT_INVALID


_interrupted = False


def _interrupt_once(signum: int, frame: object) -> None:
    """Python's Ctrl-C handler, but one KeyboardInterrupt per process: polars catches SIGINT itself, raises its
    own KeyboardInterrupt and still passes the signal on to this handler, which then runs inside the `except`
    that says "interrupted" (pola-rs/polars#23988); a second Ctrl-C would do the same. Either returns quietly."""
    global _interrupted
    if _interrupted or isinstance(sys.exc_info()[1], KeyboardInterrupt):
        return
    _interrupted = True
    raise KeyboardInterrupt


def run_cli(main: Callable[[], int], subject: str = "the input") -> NoReturn:
    """Run one command's `main` as the whole process and exit with its code.

    - A reader that closes the pipe early does not change the code (see `_ClosedPipeGuard`).
    - Ctrl-C (KeyboardInterrupt, wherever it lands, polars, pandera and frictionless included) prints
      "interrupted" and exits 130; a SIGINT after the first raises nothing (`_interrupt_once`).
    - An error in `INTERNAL_ERRORS` that `main` did not report itself exits 2 with one line naming `subject`.
    The exit skips the interpreter's teardown of every imported module (measured 0.3 s after `validate`, for
    pandas, pandera and polars), which frees nothing the end of the process would not; what was printed is
    flushed first, and files are closed by the commands themselves."""
    sys.stdout = _ClosedPipeGuard(sys.stdout)
    sys.stderr = _ClosedPipeGuard(sys.stderr)
    if signal.getsignal(signal.SIGINT) is signal.default_int_handler:  # not when the parent had SIGINT ignored
        signal.signal(signal.SIGINT, _interrupt_once)
    try:
        code = main()
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        code = EXIT_INTERRUPTED
    except SystemExit as err:
        code = _exit_status(err)
    except INTERNAL_ERRORS as err:
        code = internal_error(err, subject)
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)
