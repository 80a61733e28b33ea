"""Logs in to django-crm-admin's CRM site like a browser (login form with its CSRF token)
and prints the Cookie header value for the load tool.

Usage: python peer_login.py BASE_URL USERNAME PASSWORD"""

import sys

import requests


def main():
    base, username, password = sys.argv[1:4]
    url = f"{base}/en/123/789-login/"
    s = requests.Session()
    s.get(url, timeout=30).raise_for_status()
    token = s.cookies["csrftoken"]
    r = s.post(
        url,
        data={"csrfmiddlewaretoken": token, "username": username, "password": password, "next": "/en/123/"},
        headers={"Referer": url},
        allow_redirects=False,
        timeout=30,
    )
    if r.status_code != 302 or "sessionid" not in s.cookies:
        sys.exit(f"peer login failed: HTTP {r.status_code}")
    print(f"sessionid={s.cookies['sessionid']}; csrftoken={s.cookies['csrftoken']}")


if __name__ == "__main__":
    main()
