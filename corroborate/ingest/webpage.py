"""HTML -> main text and metadata, used by ingest for .html/.htm files.

trafilatura does the work (main text only: scripts, navigation and comments
are dropped; title, date, url and site name as metadata). When trafilatura
cannot be imported (its optional HTML cleaner is missing on some installs) a
small lxml reader keeps HTML input working with the same guarantees.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lxml import html as lxml_html

DROP_TAGS = ("script", "style", "noscript", "nav", "header", "footer", "aside", "form", "iframe")
BLOCK_TAGS = ("h1", "h2", "h3", "h4", "p", "li", "blockquote")
COMMENT_CLASS = re.compile(r"comment|share|social|related|newsletter|promo|advert", re.I)
META_NAMES = {
    "title": ("og:title", "twitter:title"),
    "published": ("article:published_time", "date", "pubdate", "publish-date", "dc.date"),
    "url": ("og:url",),
    "source": ("og:site_name", "application-name"),
    "author": ("author", "article:author"),
}


@dataclass
class WebPage:
    text: str
    meta: dict[str, str] = field(default_factory=dict)


def html_document(html: str) -> WebPage:
    try:
        import trafilatura
    except ImportError:
        return lxml_document(html)
    return trafilatura_document(trafilatura, html)


def trafilatura_document(trafilatura: object, html: str) -> WebPage:
    doc = trafilatura.bare_extraction(  # type: ignore[attr-defined]
        html, with_metadata=True, include_comments=False, include_tables=False
    )
    if doc is None:
        return WebPage("")
    get = doc.get if isinstance(doc, dict) else lambda k: getattr(doc, k, None)
    meta = {
        "title": get("title"),
        "published": get("date"),
        "url": get("url"),
        "source": get("sitename"),
        "author": get("author"),
    }
    return WebPage(get("text") or "", {k: str(v) for k, v in meta.items() if v})


def lxml_document(html: str) -> WebPage:
    try:
        root = lxml_html.fromstring(html)
    except Exception:  # lxml raises several types for broken markup; none is fatal for a batch
        return WebPage("")
    meta = page_meta(root)
    for node in list(root.iter()):
        if node.getparent() is not None and is_boilerplate(node):
            node.drop_tree()
    body = root.find(".//article") if root.find(".//article") is not None else root
    blocks = [" ".join(el.text_content().split()) for el in body.iter(*BLOCK_TAGS) if not has_block(el)]
    return WebPage("\n\n".join(b for b in blocks if b), meta)


def is_boilerplate(node: lxml_html.HtmlElement) -> bool:
    if not isinstance(node.tag, str):  # comments and processing instructions
        return True
    marker = f"{node.get('class', '')} {node.get('id', '')}"
    return node.tag in DROP_TAGS or bool(COMMENT_CLASS.search(marker))


def has_block(el: lxml_html.HtmlElement) -> bool:
    return any(child.tag in BLOCK_TAGS for child in el.iterdescendants() if isinstance(child.tag, str))


def page_meta(root: lxml_html.HtmlElement) -> dict[str, str]:
    found = {el.get("property") or el.get("name") or "": el.get("content", "") for el in root.iter("meta")}
    meta = {key: next((found[n] for n in names if found.get(n)), "") for key, names in META_NAMES.items()}
    title = root.find(".//title")
    if not meta["title"] and title is not None and title.text:
        meta["title"] = title.text.strip()
    canonical = root.find(".//link[@rel='canonical']")
    if not meta["url"] and canonical is not None:
        meta["url"] = canonical.get("href", "")
    if meta["published"]:
        meta["published"] = meta["published"][:10]
    return {k: v for k, v in meta.items() if v}
