"""The shipped models, installed from a wheel as the package data of `tone_analyzer_models` (see setup.py).

In a checkout this folder is read directly (analyzer/locations.py); the file only makes the folder a regular package.
"""
