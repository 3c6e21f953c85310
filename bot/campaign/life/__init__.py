"""The life of a deliverable and of a payment milestone: phases and edges declared once, who may
make each move (`rules.py`), the deciders, and the diagram drawn from the tables."""
