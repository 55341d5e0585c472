-- severity: error
-- checks: integrity
-- mart_batch_hotspots has one row per (product, batch), and every batch of the catalogue is in it.
select product, batch, count(*) as rows
from mart_batch_hotspots
group by product, batch
having count(*) <> 1
union all
select catalogue.product, catalogue.batch, 0 as rows
from int_batch_catalogue as catalogue
anti join mart_batch_hotspots as mart
    on mart.product = catalogue.product
    and mart.batch = catalogue.batch
