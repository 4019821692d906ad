#include "model/storestatement.h"

namespace eslab {

bool StoreStatement::run()
{
    Step result = step();
    while (result == Step::Row)
        result = step();
    reset();
    return result == Step::Done;
}

} // namespace eslab
