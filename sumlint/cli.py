"""Command line: arguments, configuration merge, running, exit codes.

Exit codes: 0 nothing at or above --fail-on; 1 findings that fail; 2 usage, configuration or
unreadable-input errors (a named file that could not be read).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from . import __version__
from .checks import RuleError
from .config import ConfigError, load_config, select_rules, validate_selectors
from .diagnostics import CATEGORIES, SEVERITY_RANK
from .engine import FileResult, RunContext, cross_file_phase, default_jobs, lint_bytes, \
    lint_targets
from .discovery import discover
from . import progress
from .reporters import FORMATS, get_reporter, rule_catalog
from .ruleset import load_rules

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


class ArgumentParser(argparse.ArgumentParser):
    def error(self, message: str):  # one line, exit 2, in the users' language
        self.exit(EXIT_ERROR, f"sumlint：参数错误：{message}（sumlint --help 查看用法）\n")


def _csv(value: str) -> list[str]:
    return [v.strip() for v in value.split(",") if v.strip()]


def build_parser() -> argparse.ArgumentParser:
    p = ArgumentParser(
        prog="sumlint",
        description="检查工作总结、情况汇报等公文中的下载站水印、未填占位符、年份错误、重复段落等问题。",
        epilog="子命令：sumlint rules 列出全部规则；sumlint rule 代码 查看规则说明。"
               "（检查名为 rules 的目录请写 ./rules）")
    p.add_argument("paths", nargs="*", metavar="PATH", help="要检查的文件或目录（默认当前目录；- 表示标准输入）")
    p.add_argument("--format", choices=FORMATS, default="text", help="输出格式（默认 text）")
    p.add_argument("--select", type=_csv, help="只启用这些规则（代码、前缀、规则名或类别，逗号分隔）")
    p.add_argument("--extend-select", type=_csv, default=[], help="额外启用的规则")
    p.add_argument("--ignore", type=_csv, default=[], help="不启用的规则")
    p.add_argument("--config", metavar="FILE", help="配置文件（sumlint.toml 或 pyproject.toml）")
    p.add_argument("--extend-rules", action="append", default=[], metavar="FILE",
                   help="额外的规则文件（TOML，可重复）")
    p.add_argument("--fail-on", choices=("error", "warning", "info"),
                   help="达到此级别即以 1 退出（默认 warning）")
    p.add_argument("--exit-zero", action="store_true", help="有问题时也以 0 退出")
    p.add_argument("--cross-file", action="store_true", help="启用跨文件重复段落检查")
    p.add_argument("--stdin-filename", metavar="NAME", help="从标准输入读取时显示的文件名")
    p.add_argument("--fix", action="store_true",
                   help="自动修复可安全修复的问题（删除水印行、页脚等），然后报告剩余问题；不修改 .docx")
    p.add_argument("--diff", action="store_true",
                   help="只显示 --fix 将做的修改（统一差异格式），不写文件；有修改时以 1 退出")
    p.add_argument("--jobs", "-j", type=int, default=0, help="并行进程数（默认 CPU 核数）")
    p.add_argument("--color", action=argparse.BooleanOptionalAction, default=None,
                   help="强制开启或关闭颜色")
    p.add_argument("--quiet", "-q", action="store_true", help="不打印汇总行")
    p.add_argument("--output", "-o", metavar="FILE", help="把结果写入文件（UTF-8）而不是标准输出")
    p.add_argument("--statistics", action="store_true", help="只输出每条规则的问题数量")
    p.add_argument("--write-baseline", metavar="FILE",
                   help="把现有问题记入基线文件（按文件、规则和匹配文字，不含行号）后退出")
    p.add_argument("--baseline", metavar="FILE", help="只报告基线文件中没有的新问题")
    p.add_argument("--no-cache", action="store_true", help="不使用也不更新 .sumlint_cache 缓存")
    p.add_argument("--version", action="version", version=f"sumlint {__version__}")
    return p


def _error(message: str) -> None:
    print(f"sumlint：{message}", file=sys.stderr)


def _prepare(args):
    cfg = load_config(args.config, args.paths)
    if args.select is not None:
        cfg.select = args.select
    cfg.extend_select = list(cfg.extend_select) + args.extend_select
    cfg.ignore = list(cfg.ignore) + args.ignore
    cfg.extend_rules = list(cfg.extend_rules) + [Path(p) for p in args.extend_rules]
    if args.fail_on:
        cfg.fail_on = args.fail_on
    if args.cross_file:
        cfg.cross_file = True
    rules = load_rules(cfg.extend_rules)
    for what, selectors in (("select", cfg.select or []), ("extend-select", cfg.extend_select),
                            ("ignore", cfg.ignore)):
        validate_selectors(selectors, rules, what)
    if cfg.profile:     # imported only then: runs without SL401 never load the sections kind
        from .checks.sections import validate_profile
        validate_profile(cfg.profile, rules)
    return cfg, rules, select_rules(rules, cfg)


def _lint_stdin(args, rules, ctx) -> FileResult:
    return lint_bytes(sys.stdin.buffer.read(), args.stdin_filename or "<stdin>", rules, ctx)


def run_lint(args) -> int:
    try:
        cfg, all_rules, rules = _prepare(args)
    except (ConfigError, RuleError) as exc:
        _error(str(exc))
        return EXIT_ERROR
    # control comments may name any loaded rule: hand over the packs already read, so no
    # process loads and validates them a second time when a Markdown file has a directive
    ctx = RunContext(cfg, keep_text=args.format == "html" and not args.statistics,
                     known_rules=frozenset(x for r in all_rules for x in (r.code, r.name)))
    paths = args.paths or ["."]
    results: list[FileResult] = []
    if "-" in paths:
        results.append(_lint_stdin(args, rules, ctx))
        paths = [p for p in paths if p != "-"]
    if paths:
        jobs = args.jobs or default_jobs()
        items = list(discover(paths, cfg))
        # a run that rewrites files lints every file itself; cached results hold no
        # cross-file fingerprints, so a cross-file run does too
        rewrites = getattr(args, "fix", False) or getattr(args, "diff", False)
        cross = any(r.check.cross_file for r in rules)
        cache = None
        if not (args.no_cache or rewrites or cross):
            from .cache import ResultCache
            cache = ResultCache.open(cfg, rules, ctx)
        results.extend(progress.track(lint_targets(items, rules, ctx, jobs, cache=cache),
                                      len(items), enabled=not args.quiet))
        if cache is not None:
            cache.save()
        cross_file_phase(results, rules, ctx)
    exit_code = EXIT_OK
    for r in results:
        if r.error:
            _error(f"{r.path}：{r.error}")
            if r.explicit:
                exit_code = EXIT_ERROR
    if args.fix or args.diff:
        from .fixes import fix_results
        fixed = fix_results(results, rules, ctx, diff=args.diff, out=sys.stdout, err=sys.stderr)
        if args.diff:
            return exit_code if exit_code != EXIT_OK else EXIT_FINDINGS if fixed.files else EXIT_OK
        if not args.quiet and (fixed.files or not fixed.outcomes):
            _error(f"已自动修复 {fixed.fixed} 处问题，涉及 {fixed.files} 个文件" if fixed.files
                   else "没有可自动修复的问题")
    if args.write_baseline or args.baseline:
        results, done = _baseline_step(args, results, exit_code)
        if done is not None:
            return done
    try:
        args.rule_meta = rule_catalog(rules)
        if args.statistics:
            from .reporters import statistics
            reporter = statistics.report
        else:
            reporter = get_reporter(args.format)
        if args.output:
            with open(args.output, "w", encoding="utf-8", newline="") as out:
                reporter(results, out, args)
        else:
            reporter(results, sys.stdout, args)
    except BrokenPipeError:
        raise                          # stdout closed early (| head): main() ends quietly
    except OSError as exc:
        _error(f"{args.output}：无法写入输出文件：{exc.strerror or exc}")
        return EXIT_ERROR
    if exit_code == EXIT_OK and not args.exit_zero:
        threshold = SEVERITY_RANK[cfg.fail_on]
        if any(SEVERITY_RANK[d.severity] >= threshold for r in results for d in r.diagnostics):
            exit_code = EXIT_FINDINGS
    return exit_code


def _baseline_step(args, results, exit_code):
    """--write-baseline and --baseline: (results to report, exit code when the run ends here).
    The baseline module (hashlib, json) is imported only then: a one-file run's start-up time
    is mostly imports."""
    from .baseline import BaselineError, apply_baseline, load_baseline, write_baseline
    try:
        if args.write_baseline:
            count = write_baseline(args.write_baseline, results)
            _error(f"已将 {count} 个问题记入基线 {args.write_baseline}")
            return results, exit_code
        results, hidden = apply_baseline(load_baseline(args.baseline), results)
    except BaselineError as exc:
        _error(str(exc))
        return results, EXIT_ERROR
    if hidden and not args.quiet:
        _error(f"基线 {args.baseline} 中已有的 {hidden} 个问题未显示")
    return results, None


def run_rules_list(argv: list[str]) -> int:
    from .rules_listing import print_rule, print_rules
    try:
        cfg = load_config(None, ["."])
        rules = load_rules(cfg.extend_rules)
    except (ConfigError, RuleError) as exc:
        _error(str(exc))
        return EXIT_ERROR
    if argv and argv[0] == "rule":
        if len(argv) != 2:
            _error("用法：sumlint rule 规则代码或规则名")
            return EXIT_ERROR
        wanted = argv[1]
        for rule in rules:
            if wanted in (rule.code, rule.name):
                print_rule(rule)
                return EXIT_OK
        _error(f"没有规则 {wanted}（sumlint rules 列出全部规则）")
        return EXIT_ERROR
    category = argv[1] if len(argv) > 1 else None
    if category and category not in CATEGORIES:
        _error(f"未知的类别 {category}；可用：{'、'.join(CATEGORIES)}")
        return EXIT_ERROR
    print_rules(rules, category, select_rules(rules, cfg))
    return EXIT_OK


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        if argv and argv[0] in ("rules", "rule"):   # a folder of that name: write ./rules
            return run_rules_list(argv)
        try:
            args = build_parser().parse_args(argv)
        except SystemExit as exc:      # --help, --version and usage errors
            return exc.code if isinstance(exc.code, int) else EXIT_ERROR
        return run_lint(args)
    except KeyboardInterrupt:
        _error("已中断")
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except MemoryError:
        _error("内存不足，无法完成检查（可用 max-file-size 限制单个文件大小，或减少 --jobs）")
        return EXIT_ERROR
    except Exception as exc:   # never a traceback for users: one line, exit 2
        _error(f"内部错误（{type(exc).__name__}: {exc}），请报告此问题"
               "（设置环境变量 SUMLINT_DEBUG=1 可显示详细信息）")
        if os.environ.get("SUMLINT_DEBUG"):
            raise
        return EXIT_ERROR


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
