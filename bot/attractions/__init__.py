"""Qingdao attractions: the staff-edited catalogue, name matching, categories and the replies built from them."""
