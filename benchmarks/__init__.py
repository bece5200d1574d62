"""Benchmarks of the package: a corpus generator (`benchmarks.corpus`) and the runner that measures loading,
validation and building and writes `benchmarks/RESULTS.md` (`benchmarks.run`)."""
