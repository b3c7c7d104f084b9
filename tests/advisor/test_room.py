"""The advisor room is pure: importing all of it loads no Streamlit."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_no_streamlit_in_the_advisor_room() -> None:
    modules = sorted(f"advisor.{p.stem}" for p in (ROOT / "advisor").glob("*.py") if p.stem != "__init__")
    code = f"import sys; import {', '.join(modules)}; print('streamlit' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "False", modules
