"""Entry point of the Hugging Face Space: the same app as `studio serve`, on the bundled sample.

The Space sets GRADIO_SERVER_NAME and GRADIO_SERVER_PORT; gradio reads them.
"""

import sys

from studio.cli import main

if __name__ == "__main__":
    sys.exit(main(["serve"]))
