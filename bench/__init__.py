"""Benchmarks: answer quality, NLU cross-validation, and speed beside a stock Rasa bot.

`make bench` (python -m bench.run_all) runs them all and prints the figures; each part also runs on
its own: bench.quality, bench.nlu_cv, bench.speed. The evaluation set is bench/eval/questions.yml.
"""
