; line
#| block #| nested |# |# 1 #;(ignored datum) 2 #; 3 4