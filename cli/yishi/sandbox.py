"""The template sandbox: size guards on every string operation, and hard limits for the
templates a user brings.

Two layers (docs/minutes.md, "Your own template"):

1. Every template -- packaged or not -- runs in a hardened `ImmutableSandboxedEnvironment`
   (`sandbox_class`, `harden`): the result of `~`, `+`, `*`, `str.join`, `str.replace`,
   `str.format`/`format_map` (every width and precision), `%`, `|sum`, `|indent`,
   `|replace`, `|join`... is sized *before* it is built, and refused past `MAX_STRING`
   characters (`MAX_ITEMS` list items).
2. A user's template (`render --template PATH`, a user .docx) is rendered in a forked
   child process (`isolated`) with `RLIMIT_AS` (memory), `RLIMIT_CPU` and a wall-clock
   deadline enforced by the parent, so C-level work that escapes SIGALRM is killed too.
   A .docx template whose zip inflates beyond `MAX_DOCX_INFLATED` is refused before it is
   opened (`check_docx`). The packaged templates are trusted and stay in-process.

Every failure is a `TemplateFailure` (exit 2) and nothing is written.
"""

from __future__ import annotations

import contextlib
import functools
import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from yishi.errors import TemplateFailure, YishiError

MAX_OUTPUT = 20 * 1024 * 1024  # characters a template may produce
MAX_STRING = MAX_OUTPUT  # characters of one string a template may build
MAX_ITEMS = 1_000_000  # items of one list or tuple a template may build
MAX_ARG = 100_000  # largest width/count/repeat a template may ask a string method for
DEFAULT_TIMEOUT = 5.0  # seconds; YISHI_TEMPLATE_TIMEOUT overrides
DEFAULT_MEMORY_MB = 512  # per user-template render; YISHI_TEMPLATE_MEMORY (MB) overrides
MIN_MEMORY_MB = 128  # the least one render gets when batch workers share the budget
MAX_TEMPLATE_BYTES = 1024 * 1024  # a user's text template file
MAX_DOCX_BYTES = 16 * 1024 * 1024  # a user's .docx template, compressed
MAX_DOCX_INFLATED = 64 * 1024 * 1024  # ... and all its parts inflated
MAX_DOCX_ENTRIES = 2_000

# ---------------------------------------------------------------------------- limits


def timeout() -> float:
    try:
        value = float(os.environ.get("YISHI_TEMPLATE_TIMEOUT", DEFAULT_TIMEOUT))
    except ValueError:
        return DEFAULT_TIMEOUT
    return min(max(0.05, value), 3600.0) if value == value else DEFAULT_TIMEOUT


def memory_mb() -> int:
    try:
        value = int(os.environ.get("YISHI_TEMPLATE_MEMORY", DEFAULT_MEMORY_MB))
    except ValueError:
        return DEFAULT_MEMORY_MB
    return min(max(MIN_MEMORY_MB, value), 1 << 20)


_SHARE = "YISHI_TEMPLATE_SHARE"  # set by batch for its workers (any start method)


def _share() -> int:
    try:
        return max(1, int(os.environ.get(_SHARE, "1")))
    except ValueError:
        return 1


@contextlib.contextmanager
def shared_memory(jobs: int) -> Iterator[None]:
    """`batch --jobs N`: N workers split one memory budget, so N never multiplies it
    (each render gets at least MIN_MEMORY_MB; `user_jobs` bounds N). The share travels
    to worker processes in the environment."""
    previous = os.environ.get(_SHARE)
    os.environ[_SHARE] = str(max(1, jobs))
    try:
        yield
    finally:
        if previous is None:
            os.environ.pop(_SHARE, None)
        else:
            os.environ[_SHARE] = previous


def user_jobs(jobs: int) -> int:
    """The most workers that may render user templates at once within the budget."""
    return max(1, min(jobs, memory_mb() // MIN_MEMORY_MB))


# ---------------------------------------------------------------------------- guards


def _refuse(what: str) -> Exception:
    from jinja2.sandbox import SecurityError

    return SecurityError(what)


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


# a %-format field: %[(key)][flags][width][.precision]type; width/precision may be *
_PERCENT = re.compile(r"%(?:\([^)]*\))?[-+ #0]*(\*|\d+)?(?:\.(\*|\d*))?")
_DIGITS = re.compile(r"\d+")


def check_percent(text: str) -> None:
    """Refuse a %-format string with a width or precision over MAX_ARG, or a `*` one."""
    if "%" not in text:
        return
    for match in _PERCENT.finditer(text):
        for part in match.groups():
            if part == "*" or (part and (len(part) > 6 or int(part) > MAX_ARG)):
                raise _refuse("format width too large for a template")


def check_spec(spec: str) -> None:
    """Refuse a str.format spec (after nested fields are filled in) with a number over
    MAX_ARG: `'{:{w}}'.format(x, w=10**9)` is caught here, once `w` is known."""
    for digits in _DIGITS.findall(spec):
        if len(digits) > 6 or int(digits) > MAX_ARG:
            raise _refuse("format width too large for a template")


def guard_args(args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    for value in (*args, *kwargs.values()):
        if _is_int(value) and abs(value) > MAX_ARG:
            raise _refuse(f"argument {value} is too large for a template")
        if isinstance(value, str):
            check_percent(value)


def _size(value: Any) -> int:
    return len(value) if isinstance(value, str | list | tuple) else 0


def sized(parts: tuple[Any, ...]) -> tuple[Any, ...]:
    """The operands of `~`, refused if their text would pass MAX_STRING."""
    if sum(len(p) for p in parts if isinstance(p, str)) > MAX_STRING:
        raise _refuse("string too long for a template")
    return parts


def _check_join(sep: str, items: list[Any]) -> None:
    total = len(sep) * max(0, len(items) - 1)
    for item in items:
        total += len(item) if isinstance(item, str) else 24
        if total > MAX_STRING:
            raise _refuse("joined string too long for a template")


def _check_replace(text: str, old: Any, new: Any, count: Any = -1) -> None:
    old_s, new_s = str(old), str(new)
    if len(new_s) <= len(old_s):
        return
    times = text.count(old_s) if old_s else len(text) + 1
    if _is_int(count) and count >= 0:
        times = min(times, count)
    if len(text) + times * (len(new_s) - len(old_s)) > MAX_STRING:
        raise _refuse("replaced string too long for a template")


def _check_method(obj: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> tuple[Any, ...]:
    """Size the result of a str method before it runs; returns the (maybe listed) args."""
    owner, name = obj.__self__, getattr(obj, "__name__", "")
    guard_args((owner, *args), kwargs)
    if not isinstance(owner, str):
        return args
    if name == "join" and args:
        items = list(args[0])
        _check_join(owner, items)
        return (items, *args[1:])
    if name == "replace" and len(args) >= 2:
        _check_replace(owner, args[0], args[1], args[2] if len(args) > 2 else -1)
    elif name == "expandtabs":
        size = args[0] if args else kwargs.get("tabsize", 8)
        if _is_int(size) and len(owner) + owner.count("\t") * max(0, size) > MAX_STRING:
            raise _refuse("string too long for a template")
    elif name == "translate" and args and isinstance(args[0], dict):
        longest = max((_size(v) for v in args[0].values()), default=0)
        if len(owner) * max(1, longest) > MAX_STRING:
            raise _refuse("string too long for a template")
    return args


# ---------------------------------------------------------------------------- filters


def _guarded(func: Any) -> Any:
    @functools.wraps(func)  # keeps jinja_pass_arg: |truncate and |wordwrap get their env
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        guard_args(args, kwargs)
        return func(*args, **kwargs)

    return wrapper


def _filters(env: Any) -> dict[str, Any]:
    from jinja2 import pass_environment, pass_eval_context
    from jinja2.filters import make_attrgetter

    original = dict(env.filters)

    @pass_environment
    def do_sum(environment: Any, iterable: Any, attribute: Any = None, start: Any = 0) -> Any:
        items = list(iterable)
        if attribute is not None:
            getter = make_attrgetter(environment, attribute)
            items = [getter(item) for item in items]
        if not isinstance(start, list | tuple):
            return sum(items, start)
        # sequences: one linear pass (sum() of lists is quadratic) and sized first
        total = len(start) + sum(_size(item) for item in items)
        if total > MAX_ITEMS:
            raise _refuse("sum too large for a template")
        out = list(start)
        for item in items:
            if type(item) is not type(start):
                raise TypeError(
                    f"can only concatenate {type(start).__name__} (not {type(item).__name__})"
                )
            out.extend(item)
        return out if isinstance(start, list) else tuple(out)

    def do_indent(s: Any, width: Any = 4, first: bool = False, blank: bool = False) -> Any:
        text = str(s)
        step = len(width) if isinstance(width, str) else width if _is_int(width) else 0
        if len(text) + max(0, step) * (text.count("\n") + 1) > MAX_STRING:
            raise _refuse("indented string too long for a template")
        return original["indent"](s, width, first, blank)

    @pass_eval_context
    def do_replace(eval_ctx: Any, s: Any, old: Any, new: Any, count: Any = None) -> Any:
        _check_replace(str(s), old, new, -1 if count is None else count)
        return original["replace"](eval_ctx, s, old, new, count)

    @pass_eval_context
    def do_join(eval_ctx: Any, value: Any, d: str = "", attribute: Any = None) -> Any:
        items = list(value)
        if attribute is None:
            _check_join(str(d), items)
        elif len(items) * (len(str(d)) + 1) > MAX_STRING:
            raise _refuse("joined string too long for a template")
        return original["join"](eval_ctx, items, d, attribute)

    out = {
        name: _guarded(original[name])
        for name in ("center", "format", "wordwrap", "truncate", "slice", "batch", "filesizeformat")
    }
    out.update(sum=do_sum, indent=do_indent, replace=do_replace, join=do_join)
    return out


def harden(env: Any) -> Any:
    """Put the sized filters into a sandbox environment (returns it)."""
    env.filters.update(_filters(env))
    return env


# ---------------------------------------------------------------------------- the class


@functools.cache
def sandbox_class() -> type:
    from jinja2.compiler import CodeGenerator
    from jinja2.sandbox import (
        ImmutableSandboxedEnvironment,
        SandboxedEscapeFormatter,
        SandboxedFormatter,
    )

    class Generator(CodeGenerator):  # type: ignore[misc]
        def visit_Concat(self, node: Any, frame: Any) -> None:
            """`a ~ b`: the operands are sized (environment.sized) before they are joined."""
            if frame.eval_ctx.volatile:
                func = "(markup_join if context.eval_ctx.volatile else str_join)"
            elif frame.eval_ctx.autoescape:
                func = "markup_join"
            else:
                func = "str_join"
            self.write(f"{func}(environment.sized((")
            for arg in node.nodes:
                self.visit(arg, frame)
                self.write(", ")
            self.write(")))")

    class Formatter(SandboxedFormatter):  # type: ignore[misc]
        def format_field(self, value: Any, format_spec: str) -> Any:
            check_spec(format_spec)
            return super().format_field(value, format_spec)

        def vformat(self, format_string: str, args: Any, kwargs: Any) -> str:
            result = super().vformat(format_string, args, kwargs)
            if len(result) > MAX_STRING:
                raise _refuse("formatted string too long for a template")
            return result

    class EscapeFormatter(Formatter, SandboxedEscapeFormatter):  # type: ignore[misc]
        pass

    class Sandbox(ImmutableSandboxedEnvironment):  # type: ignore[misc]
        code_generator_class = Generator
        intercepted_binops = frozenset(["*", "**", "%", "+"])
        sized = staticmethod(sized)

        def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
            if operator == "*":
                for seq, times in ((left, right), (right, left)):
                    if isinstance(seq, str | list | tuple) and _is_int(times):
                        limit = MAX_STRING if isinstance(seq, str) else MAX_ITEMS
                        if len(seq) * times > limit:
                            raise _refuse("repetition too large for a template")
            elif operator == "+":
                if isinstance(left, str | list | tuple) and isinstance(right, str | list | tuple):
                    limit = MAX_STRING if isinstance(left, str) else MAX_ITEMS
                    if len(left) + len(right) > limit:
                        raise _refuse("concatenation too large for a template")
            elif operator == "**":
                if (
                    _is_int(left)
                    and _is_int(right)
                    and right > 0
                    and max(abs(left), 2).bit_length() * right > 4096
                ):
                    raise _refuse("power too large for a template")
            elif operator == "%" and isinstance(left, str):
                check_percent(left)
            return super().call_binop(context, operator, left, right)

        def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:
            if isinstance(getattr(__obj, "__self__", None), str | list | tuple | dict):
                args = _check_method(__obj, args, kwargs)
            return super().call(__context, __obj, *args, **kwargs)

        def wrap_str_format(self, value: Any) -> Callable[..., str] | None:
            """str.format / format_map with every field's spec sized (jinja's own wrapper
            with our formatter)."""
            import types

            from markupsafe import Markup

            if not isinstance(
                value, types.MethodType | types.BuiltinMethodType
            ) or value.__name__ not in ("format", "format_map"):
                return None
            owner = value.__self__
            if not isinstance(owner, str):
                return None
            formatter = (
                EscapeFormatter(self, escape=owner.escape)
                if isinstance(owner, Markup)
                else Formatter(self)
            )
            is_map = value.__name__ == "format_map"
            kind = type(owner)

            def wrapper(*args: Any, **kwargs: Any) -> str:
                if is_map:
                    if kwargs or len(args) != 1:
                        raise TypeError("format_map() takes exactly one argument")
                    mapping: Any = args[0]
                    guard_args((), mapping if isinstance(mapping, dict) else {})
                    return kind(formatter.vformat(owner, (), mapping))
                guard_args(args, kwargs)
                return kind(formatter.vformat(owner, args, kwargs))

            return functools.update_wrapper(wrapper, value)

    return Sandbox


# ---------------------------------------------------------------------------- docx


def check_docx(path: Path) -> None:
    """Refuse a .docx template that is too big, or inflates beyond MAX_DOCX_INFLATED
    (a zip bomb), reading only its central directory. zipfile never inflates a member
    beyond the size the directory declares, so these figures bound the work."""
    import zipfile

    name = path.name
    try:
        size = path.stat().st_size
        if size > MAX_DOCX_BYTES:
            raise TemplateFailure("template.file_too_large", name=name, limit=MAX_DOCX_BYTES)
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
    except TemplateFailure:
        raise
    except (OSError, zipfile.BadZipFile, ValueError, EOFError) as exc:
        raise TemplateFailure("template.docx_bad", name=name, error=str(exc)) from None
    inflated = sum(info.file_size for info in infos)
    if len(infos) > MAX_DOCX_ENTRIES or inflated > MAX_DOCX_INFLATED:
        raise TemplateFailure(
            "template.docx_bomb", name=name, size=inflated, limit=MAX_DOCX_INFLATED
        )


def read_template(path: Path) -> str:
    """A user's text template (a regular file of at most MAX_TEMPLATE_BYTES, UTF-8)."""
    from yishi.errors import InputError
    from yishi.safeio import TooLarge, read_regular

    try:
        return read_regular(path, MAX_TEMPLATE_BYTES).decode("utf-8")
    except TooLarge:
        raise TemplateFailure(
            "template.file_too_large", name=path.name, limit=MAX_TEMPLATE_BYTES
        ) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError("render.unreadable", path=str(path), error=str(exc)) from None


# ---------------------------------------------------------------------------- the child


def _vm_bytes() -> int:
    """This process's address space now (Linux: /proc/self/statm), else 0."""
    try:
        with open("/proc/self/statm", "rb") as handle:
            return int(handle.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


def _limit_child(memory: int, seconds: float) -> None:
    import resource

    for which, value in (
        (resource.RLIMIT_AS, _vm_bytes() + memory),
        (resource.RLIMIT_CPU, int(seconds) + 1),
    ):
        try:
            soft, hard = resource.getrlimit(which)
            if hard != resource.RLIM_INFINITY:
                value = min(value, hard)
            # CPU: the soft limit sends SIGXCPU, the hard one a second later SIGKILL
            top = value + 1 if which == resource.RLIMIT_CPU else value
            if hard != resource.RLIM_INFINITY:
                top = min(top, hard)
            resource.setrlimit(which, (value, top))
        except (ValueError, OSError):
            pass
    try:  # the child dies with its parent (Linux)
        import ctypes

        ctypes.CDLL(None).prctl(1, 9)  # PR_SET_PDEATHSIG, SIGKILL
    except (OSError, AttributeError):
        pass


def _preload(fmt: str) -> None:
    """Import in the parent what the child needs: a forked child must not import (another
    thread of the parent may hold the import lock) and imports cost memory it has not."""
    import jinja2.sandbox  # noqa: F401

    from yishi.render.formats import get

    if get(fmt).word:
        import docxtpl  # noqa: F401


def isolated(work: Callable[[], bytes], name: str, fmt: str) -> bytes:
    """Run `work` (a render) in a forked child under RLIMIT_AS / RLIMIT_CPU and a
    wall-clock deadline; its bytes, or the TemplateFailure it raised."""
    import pickle
    import select
    import signal
    import time

    if not hasattr(os, "fork"):  # pragma: no cover - not on Linux/macOS
        return work()
    _preload(fmt)
    seconds = timeout()
    memory_limit = max(MIN_MEMORY_MB, memory_mb() // _share())
    memory_error = pickle.dumps(("error", "template.memory", {"name": name, "limit": memory_limit}))
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: render, send the outcome, leave without cleanup
        code = 0
        try:
            os.close(read_end)
            _limit_child(memory_limit * 1024 * 1024, seconds)
            try:
                payload = pickle.dumps(("ok", work()))
            except YishiError as exc:
                if exc.params.get("error") == "MemoryError":  # RLIMIT_AS said no
                    payload = memory_error
                else:
                    payload = pickle.dumps(("error", exc.key, exc.params))
            except MemoryError:
                payload = memory_error
            except BaseException as exc:  # noqa: BLE001 - reported to the parent
                payload = pickle.dumps(
                    (
                        "error",
                        "template.failed",
                        {"name": name, "error": f"{type(exc).__name__}: {exc}"},
                    )
                )
            view = memoryview(payload)
            while view:
                view = view[os.write(write_end, view) :]
        except BaseException:  # noqa: BLE001 - even MemoryError while pickling
            code = 3
        finally:
            os._exit(code)
    os.close(write_end)
    chunks: list[bytes] = []
    deadline = time.monotonic() + seconds + 1.0
    status = None
    try:
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                break
            ready, _, _ = select.select([read_end], [], [], left)
            if ready:
                chunk = os.read(read_end, 1 << 20)
                if not chunk:
                    break
                chunks.append(chunk)
        if time.monotonic() >= deadline:
            os.kill(pid, signal.SIGKILL)
        _, status = os.waitpid(pid, 0)
    finally:
        os.close(read_end)
        if status is None:  # interrupted (Ctrl-C): the child must not outlive us
            try:
                os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
            except (OSError, ChildProcessError):
                pass
    if os.WIFSIGNALED(status):
        number = os.WTERMSIG(status)
        if number in (signal.SIGKILL, signal.SIGXCPU):
            raise TemplateFailure("template.timeout", name=name, seconds=seconds)
        raise TemplateFailure("template.crashed", name=name, error=signal.Signals(number).name)
    try:
        outcome = pickle.loads(b"".join(chunks))
    except Exception:  # noqa: BLE001 - a child that died half-way (exit 3: out of memory)
        raise TemplateFailure("template.memory", name=name, limit=memory_limit) from None
    if outcome[0] == "ok":
        return bytes(outcome[1])
    raise TemplateFailure(outcome[1], **outcome[2])


__all__ = [
    "sandbox_class",
    "harden",
    "isolated",
    "check_docx",
    "read_template",
    "shared_memory",
    "user_jobs",
    "timeout",
    "check_percent",
    "guard_args",
    "MAX_OUTPUT",
    "MAX_STRING",
    "MAX_ITEMS",
    "MAX_ARG",
    "DEFAULT_TIMEOUT",
]
