// Module placeholder: the first real source file replaces this one.
