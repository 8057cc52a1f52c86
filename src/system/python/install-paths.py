# The folders an interpreter needs to run inside a sandbox: where its executable really is and
# its prefixes (pyenv, a venv, /opt...), one per line.
import os
import sys

print("\n".join({os.path.dirname(os.path.realpath(sys.executable)), sys.prefix, sys.base_prefix, sys.exec_prefix}))
