"""Streamlit front end of Tone Analyzer (`streamlit run app_streamlit.py`).

Pure helpers (highlight, uploads, labels, lab, exporting) have no Streamlit dependency and are unit-tested directly;
`views` is the facade of small reusable Streamlit view functions; `pages/` holds one script per page.
"""
