from django.urls import path

from accounts import views

urlpatterns = [
    path("oidc/authenticate/", views.oidc_authenticate, name="oidc-authenticate"),
    path("oidc/callback/", views.oidc_callback, name="oidc-callback"),
    # Django's sign-out, extended with the provider's (the name and address stay Django's).
    path("accounts/logout/", views.SignOutView.as_view(), name="logout"),
]
