"""Reports over `Results`: compact rich tables for the terminal, and one self-contained HTML file.

    from analyzer.report import print_results, render_html, write_html

Both read only the aggregate tables of `Results` (risk_profile, risk_clauses, threads, health, errors), so they show
exactly the numbers the Python API returns. Their shared formatting helpers live in formatting.py.
"""
from __future__ import annotations

from .html import render_html, write_html
from .terminal import print_results

__all__ = ["print_results", "render_html", "write_html"]
