"""Helpers shared by the tests (servers, factories, scripts); fixtures stay in conftest.py."""
