"""From what people type or submit to domain commands: the `/mediate` grammar, the forms, the
kind of an uploaded file, and the commands reference generated from them."""
