"""The advisor room: one family's consultation → advice, its words, and the advice sheet (no Streamlit here).

Modules: :mod:`advisor.model` (the store's frames and a family in, :class:`~advisor.model.Advice` out),
:mod:`advisor.text` (every label and reason sentence, translated for a locale), :mod:`advisor.sheet_model`
(what the sheet says, as a structured document), :mod:`advisor.sheet_map` (the sheet's small map projection),
:mod:`advisor.sheet_html` and :mod:`advisor.sheet_pdf` (its two renderings). The Streamlit widgets are in
``ui/advisor_view.py``.
"""
