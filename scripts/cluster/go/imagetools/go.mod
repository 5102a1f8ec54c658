module redis-ha-junit.local/cluster/imagetools

go 1.26.0
