"""The frozen app's entry point: writer-app's GUI, or an engine process it started.

``freeze_support`` comes first so that an engine process (multiprocessing, spawn) runs
its worker without importing the GUI.
"""

import multiprocessing

if __name__ == "__main__":
    multiprocessing.freeze_support()
    from writer_app.app import main_exit

    main_exit()
