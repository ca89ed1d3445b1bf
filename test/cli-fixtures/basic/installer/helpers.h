/* No installer here: the engine has nothing to say about this header. */
#pragma once
int SampleHelper(int value);
