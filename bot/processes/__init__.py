"""The assistant's processes: the model it trains and finds, and the servers `qicc run` starts."""
