"""An upload's size, bounded before its body is read: from the declared Content-Length first, then
while Django streams the file, by an upload handler that stops reading at the limit.

Both must act before anything touches ``request.POST`` or ``request.FILES`` (the CSRF check reads
``request.POST``), so views that take uploads set them up first and check CSRF after.
"""

from __future__ import annotations

from django.core.files.uploadhandler import FileUploadHandler, StopUpload

#: The multipart envelope and the small form fields beside the file.
FORM_SLACK_BYTES = 64 * 1024


def declared_length(request) -> int:
    try:
        return max(0, int(request.META.get("CONTENT_LENGTH") or 0))
    except ValueError:
        return 0


def body_too_large(request, limit: int) -> bool:
    """The body declares more than a file of ``limit`` bytes and its form need (nothing read yet).
    Django never reads more of a body than it declares, so the declaration bounds the reading."""
    return declared_length(request) > limit + FORM_SLACK_BYTES


class SizeLimitedUploadHandler(FileUploadHandler):
    """Stops reading the body as soon as the uploaded files pass ``limit`` bytes: the rest of the
    body is never read, nothing is kept, and ``exceeded`` tells the view why the file is missing."""

    def __init__(self, request, limit: int) -> None:
        super().__init__(request)
        self.limit = limit
        self.received = 0
        self.exceeded = False

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes:
        self.received += len(raw_data)
        if self.received > self.limit:
            self.exceeded = True
            raise StopUpload(connection_reset=True)
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None  # the handlers after this one make the file


def limit_upload(request, limit: int) -> SizeLimitedUploadHandler:
    """Put the size-limiting handler first; call before the body is parsed."""
    handler = SizeLimitedUploadHandler(request, limit)
    request.upload_handlers.insert(0, handler)
    return handler
