"""lib: the helper library of the Python test suites (imported as `from lib import guest, image`;
pytest.ini puts tests/ on the path)."""
