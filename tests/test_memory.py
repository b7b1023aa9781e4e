import platform

import pytest

from config.memory import fix_malloc_mmap_threshold


@pytest.mark.skipif(platform.libc_ver()[0] != "glibc", reason="glibc only")
def test_mmap_threshold_is_fixed_on_glibc():
    assert fix_malloc_mmap_threshold() is True
