"""The preview's freshness helpers: what shapes every page, and which outputs must go."""

from __future__ import annotations

import os
from pathlib import Path

import jinja2

from plugins.essen.pages.render import MemoryBytecodeCache
from plugins.essen.preview import remove_outputs, site_fingerprint, stale_outputs


def _theme(tmp_path: Path) -> tuple[Path, Path, Path]:
    config = tmp_path / "mkdocs.yml"
    config.write_text("site_name: A\n", encoding="utf-8")
    theme = tmp_path / "overrides"
    (theme / "partials").mkdir(parents=True)
    (theme / "partials" / "footer.html").write_text("<footer></footer>", encoding="utf-8")
    templates = theme / "essen"
    templates.mkdir()
    (templates / "initiative.html").write_text("x", encoding="utf-8")
    return config, theme, templates


def test_fingerprint_follows_config_theme_and_navigation(tmp_path: Path) -> None:
    config, theme, templates = _theme(tmp_path)
    nav = [("Start", "", [])]
    first = site_fingerprint(config, theme, templates, nav)
    assert site_fingerprint(config, theme, templates, list(nav)) == first

    assert site_fingerprint(config, theme, templates, [("Start", "", []), ("B", "b/", [])]) != first

    footer = theme / "partials" / "footer.html"
    footer.write_text("<footer>neu</footer>", encoding="utf-8")
    after_theme = site_fingerprint(config, theme, templates, nav)
    assert after_theme != first

    config.write_text("site_name: B\n", encoding="utf-8")
    assert site_fingerprint(config, theme, templates, nav) != after_theme


def test_fingerprint_leaves_out_the_generated_pages_templates(tmp_path: Path) -> None:
    config, theme, templates = _theme(tmp_path)
    before = site_fingerprint(config, theme, templates, [])
    template = templates / "initiative.html"
    template.write_text("changed", encoding="utf-8")
    os.utime(template, ns=(1, 1))
    assert site_fingerprint(config, theme, templates, []) == before


def test_removed_outputs_go_with_their_empty_folders(tmp_path: Path) -> None:
    site = tmp_path / "site"
    for relative in ("initiativen/a/index.html", "initiativen/b/index.html", "index.html"):
        (site / relative).parent.mkdir(parents=True, exist_ok=True)
        (site / relative).write_text("x", encoding="utf-8")
    before = {"initiativen/a/index.html", "initiativen/b/index.html", "index.html"}
    now = {"initiativen/b/index.html", "index.html"}
    stale = stale_outputs(site, before, now)
    assert stale == [site / "initiativen/a/index.html"]
    remove_outputs(site, [*stale, tmp_path / "outside.txt", site])
    assert not (site / "initiativen/a").exists()
    assert (site / "initiativen/b/index.html").is_file() and (site / "index.html").is_file()
    assert site.is_dir()


def test_compiled_templates_are_reused_and_follow_edits(tmp_path: Path) -> None:
    cache = MemoryBytecodeCache()
    template = tmp_path / "t.html"
    template.write_text("alt {{ x }}", encoding="utf-8")

    def render() -> str:
        environment = jinja2.Environment(
            loader=jinja2.FileSystemLoader(str(tmp_path)), bytecode_cache=cache
        )
        return environment.get_template("t.html").render(x=1)

    assert render() == "alt 1"
    compiled: list[str] = []
    original = jinja2.Environment.compile

    def counting(self: jinja2.Environment, source: str, *args: object, **kw: object) -> object:
        compiled.append(source)
        return original(self, source, *args, **kw)  # type: ignore[arg-type]

    jinja2.Environment.compile = counting  # type: ignore[method-assign]
    try:
        assert render() == "alt 1"
        assert compiled == [], "a fresh environment compiled the unchanged template again"
        template.write_text("neu {{ x }}", encoding="utf-8")
        assert render() == "neu 1"
        assert compiled == ["neu {{ x }}"]
    finally:
        jinja2.Environment.compile = original  # type: ignore[method-assign]
