// Integration tests of the collector against the fake Heroku (written next).
