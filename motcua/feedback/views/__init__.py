"""Pages of the feedback app: rating (rating.py), citizens' feedback (public.py), staff (staff.py)."""
