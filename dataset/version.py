"""The toolkit's version, in its own module so that any module can import it without importing the package's
loader (`from dataset import __version__` from inside `dataset` would depend on the order of its imports).
The versioning rule is in CHANGELOG.md; hatch reads the version from here (pyproject.toml)."""

__version__ = "0.1.0"
