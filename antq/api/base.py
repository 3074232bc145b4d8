"""Base classes for API views: authenticated, and marked as scoped for the default-deny test.

Handlers read through scoped selectors (`antq.accounts.scope`); a unit outside the caller's scope
answers 404, the same as a missing one.
"""

from rest_framework import permissions, viewsets
from rest_framework.views import APIView

from antq.core.access import SCOPED


class ScopedAPIView(APIView):
    antq_access = SCOPED
    permission_classes = [permissions.IsAuthenticated]


class ScopedViewSet(viewsets.GenericViewSet):
    antq_access = SCOPED
    permission_classes = [permissions.IsAuthenticated]
